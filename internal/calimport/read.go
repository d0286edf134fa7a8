package calimport

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
)

// readCSV reads the rows of a CSV file.
func readCSV(data []byte, p *i18n.Printer) ([]row, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		// Excel on Chinese Windows saves CSV in the local code page.
		dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil || !utf8.Valid(dec) {
			return nil, &domain.Error{Kind: domain.KindInvalid, Field: "file", Message: p.T("calendar.file.encoding")}
		}
		data = dec
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = separator(data)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.TrimLeadingSpace = true
	var cells [][]string
	var lines []int
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, &domain.Error{Kind: domain.KindInvalid, Field: "file", Message: p.T("calendar.file.csv"), Err: err}
		}
		line, _ := r.FieldPos(0)
		cells = append(cells, rec)
		lines = append(lines, line)
		if len(cells) > MaxRows+1 {
			break
		}
	}
	return toRows(cells, lines), nil
}

// separator guesses the CSV separator from the first line: a comma unless
// the line has none but tabs, semicolons or full-width commas.
func separator(data []byte) rune {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.ContainsRune(first, ',') {
		return ','
	}
	for _, c := range []rune{'\t', ';', '，'} {
		if bytes.ContainsRune(first, c) {
			return c
		}
	}
	return ','
}

// readXLSX reads the rows of the first sheet that has any.
func readXLSX(data []byte, p *i18n.Printer) ([]row, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 64 << 20})
	if err != nil {
		return nil, &domain.Error{Kind: domain.KindInvalid, Field: "file", Message: p.T("calendar.file.open"), Err: err}
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		// Raw values: a date cell gives its serial, not a locale's format.
		cells, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			continue // a chart sheet
		}
		lines := make([]int, len(cells))
		for i := range cells {
			lines[i] = i + 1
		}
		if rows := toRows(cells, lines); len(rows) > 0 {
			return rows, nil
		}
	}
	return nil, nil
}

// toRows drops empty rows, title rows and a header, and picks the
// columns. A header may name the columns in any order; without one they
// are date, kind, name.
func toRows(cells [][]string, lines []int) []row {
	col := [3]int{0, 1, 2}
	var out []row
	started := false
	for i, rec := range cells {
		if blank(rec) {
			continue
		}
		if !started {
			if title(rec) {
				continue
			}
			started = true
			if c, ok := header(rec); ok {
				col = c
				continue
			}
		}
		get := func(j int) string {
			if j >= 0 && j < len(rec) {
				return strings.TrimSpace(rec[j])
			}
			return ""
		}
		out = append(out, row{n: lines[i], date: get(col[0]), kind: get(col[1]), name: get(col[2])})
	}
	return out
}

// Header words for each column.
var headerWords = [3][]string{
	{"日期", "date", "day", "时间"},
	{"类型", "类别", "性质", "假/班", "假或班", "放假/上班", "放假或上班", "休/班", "安排", "kind", "type"},
	{"名称", "节日", "节假日", "节日名称", "节假日名称", "说明", "备注", "name", "holiday"},
}

// header recognises a header row: text only, no dates or digits. Known
// column names place the columns; a text-only row of unknown words is a
// header too, read in the usual order, unless it holds a kind word (then
// it is a data row that lacks its date).
func header(rec []string) ([3]int, bool) {
	col := [3]int{-1, -1, -1}
	found := false
	for j, cell := range rec {
		if strings.ContainsAny(fold(cell), "0123456789") {
			return col, false
		}
		c := strings.ToLower(strings.TrimSpace(fold(cell)))
		for k, words := range headerWords {
			for _, w := range words {
				if c == w && col[k] < 0 {
					col[k], found = j, true
				}
			}
		}
	}
	if !found {
		for _, cell := range rec {
			if _, res := ParseKind(cell); res == kindOK || res == kindAmbiguous {
				return col, false
			}
		}
		return [3]int{0, 1, 2}, true
	}
	// Columns the header does not name keep their usual place, unless
	// another column took it.
	for k := range col {
		if col[k] >= 0 {
			continue
		}
		taken := false
		for _, c := range col {
			if c == k {
				taken = true
			}
		}
		if !taken {
			col[k] = k
		}
	}
	return col, true
}

// title recognises a title row above the table ("2027年节假日安排"): one
// cell, not a date.
func title(rec []string) bool {
	n, text := 0, ""
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			n, text = n+1, c
		}
	}
	_, isDate := ParseDate(text)
	return n == 1 && !isDate
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
