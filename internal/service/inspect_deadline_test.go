package service

import (
	"context"
	"testing"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/workday"
)

func TestResolveDeadline(t *testing.T) {
	ctx := context.Background()
	today := domain.MustDate("2023-09-27") // a Wednesday
	d := domain.MustDate
	cases := []struct {
		name     string
		date     string
		workdays int
		required bool
		want     string
		wantN    int
		err      string
	}{
		{"a working day", "2023-09-28", 0, true, "2023-09-28", 0, ""},
		{"today", "2023-09-27", 0, true, "2023-09-27", 0, ""},
		{"an adjusted working Saturday", "2023-10-07", 0, true, "2023-10-07", 0, ""},
		{"a holiday", "2023-10-02", 0, true, "", 0, "整改时限「2023-10-02」（国庆节假期）不是工作日，请改为工作日（最近的工作日是 2023-10-07）。"},
		{"a Sunday", "2023-10-15", 0, true, "", 0, "整改时限「2023-10-15」（星期日）不是工作日，请改为工作日（最近的工作日是 2023-10-16）。"},
		{"in the past", "2023-09-26", 0, true, "", 0, "整改时限「2023-09-26」早于今天（2023-09-27）。"},
		{"five working days over the holiday", "", 5, true, "2023-10-10", 5, ""},
		{"one working day", "", 1, true, "2023-09-28", 1, ""},
		{"both given", "2023-09-28", 3, true, "", 0, "整改时限请只填写日期或工作日天数中的一项。"},
		{"negative days", "", -1, true, "", 0, "工作日天数须在 1–365 之间。"},
		{"too many days", "", 366, true, "", 0, "工作日天数须在 1–365 之间。"},
		{"missing", "", 0, true, "", 0, "请填写整改时限（日期或工作日天数）。"},
		{"missing but optional", "", 0, false, "", 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, n, err := resolveDeadline(ctx, workday.OfficialTable(), today, "deadline", "整改时限", d(c.date), c.workdays, c.required)
			if c.err != "" {
				if err == nil || domain.ErrorMessage(err) != c.err || domain.ErrorKind(err) != domain.KindInvalid {
					t.Fatalf("error %v, want %q", err, c.err)
				}
				return
			}
			if err != nil || got != d(c.want) || n != c.wantN {
				t.Fatalf("= %s, %d, %v; want %s, %d", got, n, err, c.want, c.wantN)
			}
		})
	}
}
