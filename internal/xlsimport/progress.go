package xlsimport

import (
	"io"
	"strings"
	"unicode/utf8"

	"github.com/luoshi/luoshi/internal/domain"
)

// ParseProgress reads a progress sheet: per task its cumulative percent,
// the three texts and the report date. Any bad cell fails the whole
// import: the error lists every problem found.
func ParseProgress(r io.Reader, opt ProgressOptions) (*ProgressSheet, error) {
	p := printerOr(opt.Printer)
	if opt.Year != 0 && (opt.Year < minYear || opt.Year > maxYear) {
		return nil, &domain.Error{Kind: domain.KindInvalid, Field: "year", Message: p.T("import.err.bad_year", opt.Year)}
	}
	wb, err := openWorkbook(r, p)
	if err != nil {
		return nil, err
	}
	defer wb.f.Close()

	ps := newProblems(p)
	idx := newHeaderIndex(kindProgress)
	tables, err := findTables(wb, opt.Sheet, idx, []field{fProgress}, ps)
	if err != nil {
		return nil, err
	}
	out := &ProgressSheet{}
	if len(tables) > 0 {
		out.Title = tables[0].title()
	}
	// The year for dates such as "7月15日": given, else the title's, else
	// that of the default report date.
	year := opt.Year
	for i := 0; year == 0 && i < len(tables); i++ {
		year = tables[i].titleYear()
	}
	if year == 0 && opt.Date != 0 {
		year = opt.Date.Year()
	}
	seen := map[string]rowLoc{}
	for i := range tables {
		t := &tables[i]
		out.Sheets = append(out.Sheets, t.g.sheet)
		ty := year
		if opt.Year == 0 {
			if y := t.titleYear(); y != 0 {
				ty = y
			}
		}
		pr := &progressReader{t: t, year: ty, ps: ps, seen: seen, def: opt.Date, titleDate: t.titleDate(ty)}
		out.Rows = pr.read(out.Rows)
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// progressReader reads the data rows of one progress table.
type progressReader struct {
	t         *table
	year      int
	ps        *problems
	seen      map[string]rowLoc // task key and date → first row
	def       domain.Date       // --date
	titleDate domain.Date       // "截至2023年7月15日" above the header
}

func (pr *progressReader) read(out []ProgressRow) []ProgressRow {
	g, h, p := pr.t.g, &pr.t.h, pr.ps.p
	for r := h.last + 1; r < len(g.rows); r++ {
		if kind, _ := pr.t.classify(r); kind != rowData {
			continue
		}
		row := ProgressRow{Sheet: g.sheet, Row: r + 1, Cells: make(map[string]string, len(h.cols))}
		for f, c := range h.cols {
			row.Cells[f.name()] = ref(r, c)
		}
		get := func(f field) (string, int) {
			c, ok := h.col(f)
			if !ok {
				return "", -1
			}
			return g.cell(r, c), c
		}
		v, numCol := get(fNumber)
		row.Number = normNumber(v)
		v, _ = get(fTitle)
		row.Title = squash(v)
		v, _ = get(fDone)
		row.Done = multiline(v)
		v, _ = get(fProblems)
		row.Problems = multiline(v)
		v, _ = get(fNextSteps)
		row.NextSteps = multiline(v)
		texts := row.Done != "" || row.Problems != "" || row.NextSteps != ""
		pv, pc := get(fProgress)

		if row.Number == "" && row.Title == "" {
			if pv != "" || texts {
				pr.ps.atRow(g, r, p.T("import.err.no_key"))
			}
			continue
		}
		if pv == "" {
			if texts {
				pr.ps.atCell(g, h, r, pc, p.T("import.err.no_progress"))
			}
			continue // a task this unit did not report on
		}
		pct, err := ParsePercent(g.percentText(r, pc))
		if err != nil {
			pr.ps.atCell(g, h, r, pc, reasonOf(err, p))
		}
		row.Progress = pct
		if !pr.date(r, &row) {
			continue
		}
		key, label := "n:"+row.Number, row.Number
		if row.Number == "" {
			key, label = "t:"+row.Title, row.Title
		}
		key += "@" + row.Date.String()
		if first, dup := pr.seen[key]; dup {
			c := numCol
			if row.Number == "" || c < 0 {
				c, _ = h.col(fTitle)
			}
			pr.ps.atCell(g, h, r, c, p.T("import.err.dup_progress", clip(label), first.sheet, first.row))
		} else {
			pr.seen[key] = rowLoc{sheet: g.sheet, row: r + 1}
		}
		out = append(out, row)
	}
	return out
}

// date sets the report date of row r: its own cell, else the title's
// date, else --date. It reports false after reporting a problem.
func (pr *progressReader) date(r int, row *ProgressRow) bool {
	g, h, p := pr.t.g, &pr.t.h, pr.ps.p
	c, ok := h.col(fDate)
	if ok && g.cell(r, c) != "" {
		d, ongoing, err := ParseDate(g.dateText(r, c), pr.year)
		switch {
		case err != nil:
			pr.ps.atCell(g, h, r, c, reasonOf(err, p))
			return false
		case ongoing:
			pr.ps.atCell(g, h, r, c, p.T("import.err.date_ongoing", clip(g.cell(r, c))))
			return false
		}
		row.Date, row.DateFrom = d, DateFromRow
		return true
	}
	switch {
	case pr.titleDate != 0:
		row.Date, row.DateFrom = pr.titleDate, DateFromTitle
	case pr.def != 0:
		row.Date, row.DateFrom = pr.def, DateFromOption
	case ok:
		pr.ps.atCell(g, h, r, c, p.T("import.err.no_date"))
		return false
	default:
		pr.ps.atRow(g, r, p.T("import.err.no_date"))
		return false
	}
	return true
}

// titleDate finds the report date written above the header: the date
// after 截至 / 截止 / "as of" ("截至2023年7月15日", "截至7月底"), else the
// first full date with year, month and day. Zero when there is none.
func (t *table) titleDate(year int) domain.Date {
	lines := t.titleLines()
	for _, s := range lines {
		low := strings.ToLower(s)
		for _, kw := range []string{"截止到", "截至", "截止", "as of", "as at"} {
			i := strings.Index(low, kw)
			if i < 0 {
				continue
			}
			rest := strings.TrimLeft(low[i+len(kw):], " :")
			run := dateRun(rest)
			if strings.HasPrefix(kw, "as ") {
				run, _, _ = strings.Cut(rest, ";")
				run, _, _ = strings.Cut(run, ")")
			}
			if d, ongoing, err := ParseDate(run, year); err == nil && !ongoing && d != 0 && !isYearOnly(run) {
				return d
			}
		}
	}
	for _, s := range lines {
		for i := 0; i < len(s); i++ {
			if i > 0 && isDigit(s[i-1]) || !isDigit(s[i]) {
				continue
			}
			run := dateRun(s[i:])
			if len(run) >= 8 && allDigits(run[:4]) && strings.ContainsAny(run, "日号") {
				if d, _, err := ParseDate(run, year); err == nil && d != 0 {
					return d
				}
			}
		}
	}
	return 0
}

// dateRun returns the leading characters of s that can belong to a date.
func dateRun(s string) string {
	end := 0
	for end < len(s) {
		r, size := utf8.DecodeRuneInString(s[end:])
		if !(r >= '0' && r <= '9' || strings.ContainsRune("年月日号號底末./-〇一二三四五六七八九十", r)) {
			break
		}
		end += size
	}
	return s[:end]
}

// isYearOnly reports whether a date run names only a year ("2023年",
// "2023年底"), which is no report date.
func isYearOnly(run string) bool {
	for _, suf := range []string{"底", "末", "年"} {
		run = strings.TrimSuffix(run, suf)
	}
	return allDigits(strings.TrimSpace(run))
}
