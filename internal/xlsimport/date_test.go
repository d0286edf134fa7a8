package xlsimport

import (
	"errors"
	"strings"
	"testing"
)

func TestParseDate(t *testing.T) {
	cases := []struct {
		in      string
		year    int
		want    string // YYYY-MM-DD, "" for none
		ongoing bool
		reason  Reason
	}{
		{"45107", 0, "2023-06-30", false, 0},
		{"45107.75", 0, "2023-06-30", false, 0}, // a date-time serial
		{"44927", 2024, "2023-01-01", false, 0},
		{"2023-06-30", 0, "2023-06-30", false, 0},
		{"2023-06-30T00:00:00Z", 0, "2023-06-30", false, 0},
		{"2023/6/30", 0, "2023-06-30", false, 0},
		{"2023/6/30 0:00", 0, "2023-06-30", false, 0},
		{"2023.6.30", 0, "2023-06-30", false, 0},
		{"20230630", 0, "2023-06-30", false, 0},
		{"2023-06", 0, "2023-06-30", false, 0},
		{"２０２３年６月３０日", 0, "2023-06-30", false, 0},
		{"2023年6月30日", 0, "2023-06-30", false, 0},
		{"2023年6月30号前", 0, "2023-06-30", false, 0},
		{"2023年6月底", 0, "2023-06-30", false, 0},
		{"2023年6月底前", 0, "2023-06-30", false, 0},
		{"2023年底", 0, "2023-12-31", false, 0},
		{"2023年", 0, "2023-12-31", false, 0},
		{"2023年三季度末", 0, "2023-09-30", false, 0},
		{"2024年2月底", 0, "2024-02-29", false, 0},
		{"6月30日", 2023, "2023-06-30", false, 0},
		{"6 月 30 日", 2023, "2023-06-30", false, 0},
		{"6/30", 2023, "2023-06-30", false, 0},
		{"6月底前", 2023, "2023-06-30", false, 0},
		{"6月底", 2023, "2023-06-30", false, 0},
		{"6月末", 2023, "2023-06-30", false, 0},
		{"6月", 2023, "2023-06-30", false, 0},
		{"6月份", 2023, "2023-06-30", false, 0},
		{"六月底", 2023, "2023-06-30", false, 0},
		{"十二月", 2023, "2023-12-31", false, 0},
		{"2月底", 2024, "2024-02-29", false, 0},
		{"6月下旬", 2023, "2023-06-30", false, 0},
		{"6月中旬", 2023, "2023-06-20", false, 0},
		{"6月上旬", 2023, "2023-06-10", false, 0},
		{"上半年", 2023, "2023-06-30", false, 0},
		{"下半年", 2023, "2023-12-31", false, 0},
		{"一季度", 2023, "2023-03-31", false, 0},
		{"第一季度", 2023, "2023-03-31", false, 0},
		{"一季度末", 2023, "2023-03-31", false, 0},
		{"一季度前", 2023, "2023-03-31", false, 0},
		{"二季度", 2023, "2023-06-30", false, 0},
		{"第三季度末", 2023, "2023-09-30", false, 0},
		{"四季度", 2023, "2023-12-31", false, 0},
		{"2季度", 2023, "2023-06-30", false, 0},
		{"年底前", 2023, "2023-12-31", false, 0},
		{"年底", 2023, "2023-12-31", false, 0},
		{"年内", 2023, "2023-12-31", false, 0},
		{"全年", 2023, "2023-12-31", false, 0},
		{"年末", 2023, "2023-12-31", false, 0},
		{"12月底", 2023, "2023-12-31", false, 0},
		{"截至9月底", 2023, "2023-09-30", false, 0},
		{"3月-6月", 2023, "2023-06-30", false, 0},
		{"3月—6月底", 2023, "2023-06-30", false, 0},
		{"3-6月", 2023, "", false, ReasonBadDate}, // "3" alone is no date
		{"2023年3月至6月底", 0, "2023-06-30", false, 0},
		{"2023年3月至6月底", 2024, "2023-06-30", false, 0},
		{"2023-03-01至2023-06-30", 0, "2023-06-30", false, 0},
		{"2023-03-01-2023-06-30", 0, "2023-06-30", false, 0},
		{"长期坚持", 0, "", true, 0},
		{"持续推进", 2023, "", true, 0},
		{"常态化", 2023, "", true, 0},
		{"长期", 2023, "", true, 0},
		{"持续", 2023, "", true, 0},
		{"長期堅持", 2023, "", true, 0},
		{"", 2023, "", false, 0},
		{"  ", 2023, "", false, 0},
		// English, as the English template writes.
		{"by end of June", 2023, "2023-06-30", false, 0},
		{"mid June", 2023, "2023-06-20", false, 0},
		{"early-June", 2023, "2023-06-10", false, 0},
		{"June 30", 2023, "2023-06-30", false, 0},
		{"30 June 2024", 2023, "2024-06-30", false, 0},
		{"Jun 30, 2024", 0, "2024-06-30", false, 0},
		{"end of Q3", 2023, "2023-09-30", false, 0},
		{"Q1", 2023, "2023-03-31", false, 0},
		{"third quarter", 2023, "2023-09-30", false, 0},
		{"H1", 2023, "2023-06-30", false, 0},
		{"by end of year", 2023, "2023-12-31", false, 0},
		{"end of 2024", 0, "2024-12-31", false, 0},
		{"March - June", 2023, "2023-06-30", false, 0},
		{"ongoing", 0, "", true, 0},
		{"long-term", 0, "", true, 0},
		// Errors.
		{"6月底签", 2023, "", false, ReasonBadDate},
		{"6月初", 2023, "", false, ReasonBadDate},
		{"下周", 2023, "", false, ReasonBadDate},
		{"尽快", 2023, "", false, ReasonBadDate},
		{"2月30日", 2023, "", false, ReasonNoSuchDate},
		{"2023-02-29", 0, "", false, ReasonNoSuchDate},
		{"2023年13月", 0, "", false, ReasonNoSuchDate},
		{"13月", 2023, "", false, ReasonNoSuchDate},
		{"6月0日", 2023, "", false, ReasonNoSuchDate},
		{"五季度", 2023, "", false, ReasonNoSuchDate},
		{"6月底前", 0, "", false, ReasonNeedYear},
		{"上半年", 0, "", false, ReasonNeedYear},
		{"3月-6月", 0, "", false, ReasonNeedYear},
		{"end of June", 0, "", false, ReasonNeedYear},
		{"12", 2023, "", false, ReasonBadDate},      // a serial of 1900: not a date
		{"3000000", 2023, "", false, ReasonBadDate}, // beyond year 2200
		{"NaN", 2023, "", false, ReasonBadDate},
		{"Inf", 2023, "", false, ReasonBadDate},
		{"长期坚持到6月", 2023, "", false, ReasonBadDate},
		{"mid June 30", 2023, "", false, ReasonBadDate},
	}
	for _, c := range cases {
		d, ongoing, err := ParseDate(c.in, c.year)
		if c.reason != 0 {
			var ve *ValueError
			if !errors.As(err, &ve) || ve.Reason != c.reason {
				t.Errorf("ParseDate(%q, %d) = %s, %v, %v; want reason %d", c.in, c.year, d, ongoing, err, c.reason)
			}
			continue
		}
		if err != nil || d.String() != c.want || ongoing != c.ongoing {
			t.Errorf("ParseDate(%q, %d) = %q, %v, %v; want %q, %v", c.in, c.year, d, ongoing, err, c.want, c.ongoing)
		}
	}
}

// The error tells users what was wrong in their language, quoting the cell.
func TestValueErrorMessage(t *testing.T) {
	_, _, err := ParseDate("6月底签", 2023)
	var ve *ValueError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v", err)
	}
	if got, want := ve.Message(nil), "无法识别的日期「6月底签」"; got != want {
		t.Errorf("Message = %q, want %q", got, want)
	}
	if !strings.Contains(ve.Error(), "unrecognised date") || !strings.Contains(ve.Error(), "6月底签") {
		t.Errorf("Error = %q", ve.Error())
	}
	// A long text is refused at once and quoted clipped.
	_, _, err = ParseDate(strings.Repeat("6月-", 40), 2023)
	if !errors.As(err, &ve) || ve.Reason != ReasonBadDate || !strings.HasSuffix(ve.Value, "…") {
		t.Errorf("long value: %v", err)
	}
	_, _, err = ParseDate("6月底前", 0)
	errors.As(err, &ve)
	if got := ve.Message(printer("en")); got != "date “6月底前” has no year: give the year with --year, or write it in the title row" {
		t.Errorf("Message(en) = %q", got)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"45107", "2023-06-30", "2023/6/30", "2023.6.30", "2023年6月30日", "2023年6月底前",
		"6月30日", "6月底前", "6月中旬", "上半年", "第三季度末", "年底前", "长期坚持", "3月-6月", "2023年3月至6月底",
		"end of June", "Q3", "30 June 2024", "十二月三十一日", "2月30日", "20230630", "6/30", "２０２３年"} {
		f.Add(s, 2023)
		f.Add(s, 0)
	}
	f.Fuzz(func(t *testing.T, s string, year int) {
		d, ongoing, err := ParseDate(s, year)
		if err != nil {
			var ve *ValueError
			if !errors.As(err, &ve) {
				t.Fatalf("ParseDate(%q) error %T is not a *ValueError", s, err)
			}
			if d != 0 || ongoing {
				t.Fatalf("ParseDate(%q) = %s, %v with error %v", s, d, ongoing, err)
			}
			return
		}
		if ongoing {
			if d != 0 {
				t.Fatalf("ParseDate(%q) ongoing with date %s", s, d)
			}
			return
		}
		if d == 0 {
			return // an empty cell
		}
		if y := d.Year(); y < minYear || y > maxYear {
			t.Fatalf("ParseDate(%q, %d) = %s: year out of range", s, year, d)
		}
		// A parsed date reads back the same in the canonical form.
		back, _, err := ParseDate(d.String(), 0)
		if err != nil || back != d {
			t.Fatalf("ParseDate(%q) = %s, which reads back as %s, %v", s, d, back, err)
		}
	})
}
