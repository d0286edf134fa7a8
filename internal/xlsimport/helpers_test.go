package xlsimport

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
)

// sheetSpec describes a test sheet: rows of cell values (nil or "" leave a
// cell empty), merged ranges such as "A1:N1", and cells to format.
type sheetSpec struct {
	name    string
	rows    [][]any
	merges  []string
	formats map[string]int // cell → built-in number format (9 = "0%")
}

// makeBook builds an .xlsx in memory from sheet specs.
func makeBook(t testing.TB, sheets ...sheetSpec) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.rows {
			for c, v := range row {
				if v == nil || v == "" {
					continue
				}
				if err := f.SetCellValue(s.name, ref(r, c), v); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, m := range s.merges {
			a, b, _ := strings.Cut(m, ":")
			if err := f.MergeCell(s.name, a, b); err != nil {
				t.Fatal(err)
			}
		}
		for cell, nf := range s.formats {
			st, err := f.NewStyle(&excelize.Style{NumFmt: nf})
			if err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellStyle(s.name, cell, cell, st); err != nil {
				t.Fatal(err)
			}
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// invalid asserts err is an invalid *domain.Error and returns it.
func invalid(t *testing.T, err error) *domain.Error {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) {
		t.Fatalf("error %v is not a *domain.Error", err)
	}
	if de.Kind != domain.KindInvalid {
		t.Fatalf("kind %s, want invalid: %v", de.Kind, err)
	}
	return de
}

// hasLine reports whether some detail line contains every part.
func hasLine(lines []string, parts ...string) bool {
	for _, l := range lines {
		ok := true
		for _, p := range parts {
			if !strings.Contains(l, p) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func printer(l i18n.Lang) *i18n.Printer { return i18n.Default().Printer(l) }

func reader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

func d(s string) domain.Date { return domain.MustDate(s) }
