package calimport

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/luoshi/luoshi/internal/domain"
)

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2027-01-01":          "2027-01-01",
		"2027/1/1":            "2027-01-01",
		"2027.2.6":            "2027-02-06",
		"2027年2月6日":           "2027-02-06",
		"2027年2月6":            "2027-02-06",
		"20270206":            "2027-02-06",
		"２０２７－０２－０６":          "2027-02-06",
		" 2027-2-6 ":          "2027-02-06",
		"2027-02-06 00:00:00": "2027-02-06",
		"46424":               "2027-02-06", // an Excel serial
		"46424.5":             "2027-02-06",
		"2027-02-30":          "",
		"2027-13-01":          "",
		"27-2-6":              "",
		"1月1日":                "",
		"元旦":                  "",
		"":                    "",
		"1":                   "",
		"3000-01-01":          "",
	} {
		d, ok := ParseDate(in)
		if got := d.String(); ok != (want != "") || ok && got != want {
			t.Errorf("ParseDate(%q) = %s, %v; want %q", in, got, ok, want)
		}
	}
}

func TestParseKind(t *testing.T) {
	for in, want := range map[string]domain.DayKind{
		"假": domain.DayHoliday, "休": domain.DayHoliday, "节假日": domain.DayHoliday, "Holiday": domain.DayHoliday, " rest ": domain.DayHoliday,
		"班": domain.DayWorkday, "上班": domain.DayWorkday, "调休上班": domain.DayWorkday, "WORKDAY": domain.DayWorkday, "补班": domain.DayWorkday,
	} {
		if k, res := ParseKind(in); res != kindOK || k != want {
			t.Errorf("ParseKind(%q) = %s, %d", in, k, res)
		}
	}
	for in, want := range map[string]kindResult{"": kindEmpty, "调休": kindAmbiguous, "放": kindUnknown, "x": kindUnknown} {
		if _, res := ParseKind(in); res != want {
			t.Errorf("ParseKind(%q) = %d, want %d", in, res, want)
		}
	}
}

// The 2025 notice as an office would type it.
const csv2025 = `日期,假或班,名称
2025-01-01,假,元旦
2025-01-26,班,春节
2025-01-28,假,春节
2025-01-29,假,春节
2025-01-30,假,春节
2025-01-31,假,春节
2025-02-01,假,春节
2025-02-02,假,春节
2025-02-03,假,春节
2025-02-04,假,春节
2025-02-08,班,春节
`

func TestParseCSV(t *testing.T) {
	variants := map[string][]byte{
		"header":       []byte(csv2025),
		"bom and CRLF": append([]byte("\xef\xbb\xbf"), strings.ReplaceAll(csv2025, "\n", "\r\n")...),
		"no header":    []byte(strings.SplitN(csv2025, "\n", 2)[1]),
		"tabs":         []byte(strings.ReplaceAll(csv2025, ",", "\t")),
		"title row":    []byte("2025年部分节假日安排\n\n" + csv2025),
		"english":      []byte(strings.NewReplacer("日期,假或班,名称", "date,kind,name", ",假,", ",holiday,", ",班,", ",workday,").Replace(csv2025)),
	}
	gbk, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(csv2025))
	if err != nil {
		t.Fatal(err)
	}
	variants["gb18030"] = gbk
	// The columns in another order, named by the header.
	var b strings.Builder
	b.WriteString("名称,日期,类型\n")
	for _, line := range strings.Split(strings.TrimSpace(csv2025), "\n")[1:] {
		f := strings.Split(line, ",")
		b.WriteString(f[2] + "," + f[0] + "," + f[1] + "\n")
	}
	variants["reordered"] = []byte(b.String())
	for name, data := range variants {
		s, err := Parse(data, Options{})
		if err != nil {
			t.Errorf("%s: %v %v", name, err, domain.ErrorDetails(err))
			continue
		}
		if s.Year != 2025 || len(s.Days) != 11 || s.Format != "csv" {
			t.Errorf("%s: year %d, %d days, %s", name, s.Year, len(s.Days), s.Format)
			continue
		}
		first, work := s.Days[0], s.Days[1]
		if first.Date != domain.MustDate("2025-01-01") || first.Kind != domain.DayHoliday || first.Name != "元旦" || first.Year != 2025 || first.Source != domain.CalendarImport {
			t.Errorf("%s: first %+v", name, first)
		}
		if work.Date != domain.MustDate("2025-01-26") || work.Kind != domain.DayWorkday || work.Name != "春节" {
			t.Errorf("%s: second %+v", name, work)
		}
	}
}

func TestParseXLSX(t *testing.T) {
	f := excelize.NewFile()
	sh := f.GetSheetName(0)
	rows := [][]any{
		{"2027年节假日安排"},
		{"日期", "类型", "名称"},
		{"2026-12-31", "假", "元旦"}, // the December before belongs to the schedule
		{"2027/1/1", "假", "元旦"},
		{nil, nil, nil},
		{"2027年2月6日", "班", "春节"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow(sh, cell, &r)
	}
	// A real date cell, formatted the American way: the raw serial is read.
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	f.SetCellValue(sh, "A7", domain.MustDate("2027-02-07").Time())
	f.SetCellStyle(sh, "A7", "A7", style)
	f.SetCellValue(sh, "B7", "调休上班")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	s, err := Parse(buf.Bytes(), Options{})
	if err != nil {
		t.Fatalf("%v %v", err, domain.ErrorDetails(err))
	}
	if s.Year != 2027 || s.Format != "xlsx" || len(s.Days) != 4 {
		t.Fatalf("year %d, %s, %+v", s.Year, s.Format, s.Days)
	}
	if s.Days[0].Date != domain.MustDate("2026-12-31") || s.Days[0].Year != 2027 || s.Days[3].Date != domain.MustDate("2027-02-07") || s.Days[3].Kind != domain.DayWorkday {
		t.Errorf("days %+v", s.Days)
	}
}

// Every bad row is named with its row, column and reason, in Chinese,
// and nothing comes back.
func TestParseProblems(t *testing.T) {
	data := strings.Join([]string{
		"日期,类型,名称",
		"2027-02-30,假,春节",                         // 2: no such date
		"2027-02-06,放,春节",                         // 3: unknown kind
		"2027-02-08,假,春节",                         // 4: fine
		"2027-02-08,假,春节",                         // 5: duplicate of 4
		"2027-02-09,班,春节",                         // 6: a Tuesday as workday
		"2027-02-07,调休,春节",                        // 7: ambiguous
		",假,春节",                                   // 8: no date
		"2027-02-10,,春节",                          // 9: no kind
		"2028-01-01,假,元旦",                         // 10: another year
		"2027-02-11,假," + strings.Repeat("名", 41), // 11: name too long
		"2026-06-01,假,端午节",                        // 12: before the December of the year before
	}, "\n")
	_, err := Parse([]byte(data), Options{})
	if domain.ErrorKind(err) != domain.KindInvalid {
		t.Fatalf("want invalid, got %v", err)
	}
	lines := domain.ErrorDetails(err)
	want := []string{
		"第 2 行「日期」：「2027-02-30」不是有效日期",
		"第 3 行「类型」：「放」无法识别",
		"第 5 行「日期」：2027-02-08 与第 4 行重复",
		"第 6 行「类型」：2027-02-09 是星期二，本来就要上班",
		"第 7 行「类型」：「调休」有歧义",
		"第 8 行「日期」：缺少日期",
		"第 9 行「类型」：缺少类型",
		"第 10 行「日期」：2028-01-01 不属于 2027 年的节假日安排",
		"第 11 行「名称」：名称过长",
		"第 12 行「日期」：2026-06-01 不属于 2027 年",
	}
	if len(lines) != len(want) {
		t.Errorf("%d lines, want %d:\n%s", len(lines), len(want), strings.Join(lines, "\n"))
	}
	for _, w := range want {
		found := false
		for _, l := range lines {
			found = found || strings.HasPrefix(l, w)
		}
		if !found {
			t.Errorf("no line starts with %q in:\n%s", w, strings.Join(lines, "\n"))
		}
	}
	if msg := domain.ErrorMessage(err); !strings.Contains(msg, "未导入任何内容") {
		t.Errorf("message %q", msg)
	}
	// A given year that the dates do not match.
	_, err = Parse([]byte("2027-01-01,假,元旦\n"), Options{Year: 2026})
	if d := domain.ErrorDetails(err); len(d) != 1 || !strings.Contains(d[0], "不属于 2026 年") {
		t.Errorf("year option: %v", d)
	}
	for name, data := range map[string]string{
		"empty":     "",
		"only head": "日期,类型,名称\n\n",
		"xls":       "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest",
		"zip junk":  "PK\x03\x04junk",
		"binary":    "\xff\xfe\x00\x01\x80\x81",
	} {
		if _, err := Parse([]byte(data), Options{}); domain.ErrorKind(err) != domain.KindInvalid || domain.ErrorMessage(err) == "" {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(csv2025))
	f.Add([]byte("2027-02-30,假,春节\n,,\n\"a,b"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data, Options{})
		if err != nil {
			if k := domain.ErrorKind(err); k != domain.KindInvalid && k != domain.KindTooLarge {
				t.Fatalf("error of kind %s: %v", k, err)
			}
			return
		}
		seen := map[domain.Date]bool{}
		for _, d := range s.Days {
			if seen[d.Date] || !d.Kind.Valid() || d.Year != s.Year || !InSchedule(d.Date, s.Year) {
				t.Fatalf("bad day %+v in %d", d, s.Year)
			}
			seen[d.Date] = true
		}
	})
}
