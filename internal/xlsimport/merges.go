package xlsimport

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strings"
)

// The merged ranges of a sheet are read here, straight from the package,
// because excelize's GetMergeCells first builds the whole sheet's DOM: on
// a 10,000-row sheet that costs more than reading all the cells.

// maxPartSize bounds the small package parts read here (relationships,
// workbook.xml).
const maxPartSize = 16 << 20

type xmlRels struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

type xmlWorkbook struct {
	Sheets []struct {
		Name string `xml:"name,attr"`
		RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
	} `xml:"sheets>sheet"`
}

// sheetParts maps the sheets of an .xlsx package to their worksheet
// parts, so that a sheet's merged ranges can be read when it is loaded.
type sheetParts struct {
	parts map[string]*zip.File // sheet name → worksheet part
}

// indexSheets reads which part holds which sheet: _rels/.rels names the
// workbook part, whose sheets point through its relationships to parts.
func indexSheets(data []byte) (*sheetParts, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("open package: %w", err)
	}
	files := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		files[strings.TrimPrefix(f.Name, "/")] = f
	}
	var root xmlRels
	if err := readPart(files, "_rels/.rels", &root); err != nil {
		return nil, err
	}
	wbPath := ""
	for _, r := range root.Rels {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			wbPath = strings.TrimPrefix(r.Target, "/")
		}
	}
	var wb xmlWorkbook
	if err := readPart(files, wbPath, &wb); err != nil {
		return nil, err
	}
	var rels xmlRels
	dir := path.Dir(wbPath)
	if err := readPart(files, path.Join(dir, "_rels", path.Base(wbPath)+".rels"), &rels); err != nil {
		return nil, err
	}
	targets := map[string]string{}
	for _, r := range rels.Rels {
		if t, abs := strings.CutPrefix(r.Target, "/"); abs {
			targets[r.ID] = t
		} else {
			targets[r.ID] = path.Join(dir, r.Target)
		}
	}
	sp := &sheetParts{parts: map[string]*zip.File{}}
	for _, s := range wb.Sheets {
		if f, ok := files[targets[s.RID]]; ok {
			sp.parts[s.Name] = f
		}
	}
	return sp, nil
}

// merges returns the merged ranges ("A1:N1") of a sheet; ok is false when
// the sheet's part is unknown.
func (sp *sheetParts) merges(sheet string) (refs []string, ok bool, err error) {
	if sp == nil {
		return nil, false, nil
	}
	f, ok := sp.parts[sheet]
	if !ok {
		return nil, false, nil
	}
	refs, err = sheetMerges(f)
	return refs, true, err
}

// readPart decodes a small XML part of the package into v.
func readPart(files map[string]*zip.File, name string, v any) error {
	f, ok := files[name]
	if !ok {
		return fmt.Errorf("package part %q missing", name)
	}
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("open %s: %w", name, err)
	}
	defer rc.Close()
	if err := xml.NewDecoder(io.LimitReader(rc, maxPartSize)).Decode(v); err != nil {
		return fmt.Errorf("decode %s: %w", name, err)
	}
	return nil
}

// sheetMerges finds the <mergeCells> element of a worksheet part (it
// follows <sheetData>) and decodes only that.
func sheetMerges(f *zip.File) ([]string, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", f.Name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxUnzip))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", f.Name, err)
	}
	start := mergeCellsStart(data)
	if start < 0 {
		return nil, nil
	}
	var refs []string
	dec := xml.NewDecoder(bytes.NewReader(data[start:]))
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("decode merged cells of %s: %w", f.Name, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != "mergeCell" {
				continue
			}
			for _, a := range t.Attr {
				if a.Name.Local == "ref" {
					refs = append(refs, a.Value)
				}
			}
		case xml.EndElement:
			if t.Name.Local == "mergeCells" {
				return refs, nil
			}
		}
	}
}

// mergeCellsStart returns the offset of the "<mergeCells" (or, with a
// namespace prefix, "<x:mergeCells") start tag, or -1. Text in cells
// cannot fake it: a '<' in text is escaped.
func mergeCellsStart(data []byte) int {
	const name = "mergeCells"
	for off := 0; ; {
		i := bytes.Index(data[off:], []byte(name))
		if i < 0 {
			return -1
		}
		i += off
		off = i + len(name)
		if off < len(data) && data[off] != ' ' && data[off] != '>' && data[off] != '/' && data[off] != '\t' &&
			data[off] != '\n' && data[off] != '\r' {
			continue
		}
		j := i - 1
		if j >= 0 && data[j] == ':' {
			j--
			for j >= 0 && isNameByte(data[j]) {
				j--
			}
		}
		if j >= 0 && data[j] == '<' {
			return j
		}
	}
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
}
