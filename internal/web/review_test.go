package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/store"
)

// The review page: the rule shown, failing rows first with their lagging
// tasks, scoped to the viewer; a bad date is refused in Chinese; the Excel
// file has a sheet per grouping and one of lagging tasks, and is audited.
func TestReviewPage(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		b := login(t, env, "office")
		resp, body := b.get("/review?date=2023-07-02")
		if resp.StatusCode != 200 {
			t.Fatalf("review: %d %s", resp.StatusCode, body)
		}
		for _, s := range []string{"49.9%对50%不算过半", "50.13%", `id="review-units"`, `id="review-sectors"`, `id="review-fronts"`, `id="review-leaders"`,
			"老旧小区改造提升", "<details", `href="/review/export.xlsx?date=2023-07-02"`, `href="/review"`} {
			if !strings.Contains(body, s) {
				t.Errorf("page lacks %q", s)
			}
		}
		units := body[strings.Index(body, `id="review-units"`):strings.Index(body, `id="review-sectors"`)]
		if i, j := strings.Index(units, "区住建局"), strings.Index(units, "区财政局"); i < 0 || j < 0 || i > j {
			t.Errorf("failing 区住建局 should come before 区财政局")
		}

		resp, body = b.get("/review?date=2023-02-30")
		if resp.StatusCode != 400 || !strings.Contains(body, "检查日期“2023-02-30”不是有效日期") || strings.Contains(body, `id="review-units"`) {
			t.Errorf("bad date: %d", resp.StatusCode)
		}

		ctx := context.Background()
		before, _ := env.App.DB.Read().AuditEntries(ctx, store.AuditFilter{Action: "review.export"})
		resp, body = b.get("/review/export.xlsx?date=2023-07-02")
		if resp.StatusCode != 200 || !strings.HasPrefix(body, "PK") {
			t.Fatalf("export: %d", resp.StatusCode)
		}
		x, err := excelize.OpenReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(x.GetSheetList(), ","); got != "单位,口,线,领导,滞后任务" {
			t.Errorf("sheets: %s", got)
		}
		rows, _ := x.GetRows("单位")
		if len(rows) != 7 || rows[1][1] != "名称" || rows[2][1] != "区住建局" || rows[2][11] != "未过半" || rows[6][1] != "合计" {
			t.Errorf("unit sheet: %v", rows)
		}
		lag, _ := x.GetRows("滞后任务")
		if len(lag) < 3 || lag[1][2] != "任务名称" {
			t.Errorf("lagging sheet: %v", lag)
		}
		after, _ := env.App.DB.Read().AuditEntries(ctx, store.AuditFilter{Action: "review.export"})
		if len(after) != len(before)+1 {
			t.Errorf("export not audited: %d → %d", len(before), len(after))
		}

		l := login(t, env, "zjj_lly")
		_, body = l.get("/review?date=2023-07-02")
		if strings.Contains(body, "区财政局</b>") || !strings.Contains(body, "区住建局</b>") || strings.Contains(body, `id="review-sectors"`) {
			t.Errorf("a liaison's review shows other groups")
		}
	})
}
