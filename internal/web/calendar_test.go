package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/apptest"
)

// postFile sends a multipart form with one file.
func (b *browser) postFile(path, name string, data []byte, fields url.Values) (*http.Response, string) {
	b.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", b.csrf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", b.env.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

func TestCalendarPage(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		lly := login(t, env, "zjj_lly")
		resp, body := lly.get("/calendar?year=2025")
		if resp.StatusCode != 200 {
			t.Fatalf("GET /calendar: %d", resp.StatusCode)
		}
		for _, want := range []string{
			"2025 年工作日历", `href="/calendar?year=2024"`, `href="/calendar?year=2026"`,
			`<td class="adjusted" data-date="2025-01-26" title="调休上班 春节">`, // a Sunday worked
			`<td class="holiday" data-date="2025-10-08" title="放假 国庆节、中秋节">`,
			`<td class="weekend" data-date="2025-01-25">`,
			"全年工作日 248 天", `href="/calendar" aria-current="page"`, "内置的国务院办公厅节假日安排",
		} {
			if !strings.Contains(body, want) {
				t.Errorf("the 2025 page lacks %q", want)
			}
		}
		if n := strings.Count(body, `class="card cal-month"`); n != 12 {
			t.Errorf("%d month grids", n)
		}
		for _, absent := range []string{"cal-day-form", "cal-import-form", "/delete", "cal-uncovered", "calendar-warning"} {
			if strings.Contains(body, absent) {
				t.Errorf("a liaison's page shows %q", absent)
			}
		}
		// This year by default; a year without data warns loudly.
		if _, body := lly.get("/calendar"); !strings.Contains(body, "2023 年工作日历") || !strings.Contains(body, `class="today"`) && !strings.Contains(body, " today\"") {
			t.Errorf("default year or today's mark missing")
		}
		if _, body := lly.get("/calendar?year=2027"); !strings.Contains(body, `id="cal-uncovered"`) || !strings.Contains(body, "2027 年尚无节假日安排数据") ||
			!strings.Contains(body, "请联系系统管理员") {
			t.Errorf("2027 does not warn")
		}
		if resp, body := lly.get("/calendar?year=abc"); resp.StatusCode != 422 || !strings.Contains(body, "年份须在") {
			t.Errorf("bad year: %d", resp.StatusCode)
		}
		// Only the system admin edits.
		office := login(t, env, "office")
		head := func() int64 {
			h, _, _ := env.App.DB.Read().Head(context.Background())
			return h
		}
		before := head()
		if resp := office.post("/calendar/days", url.Values{"date": {"2023-09-21"}, "kind": {"holiday"}}); resp.StatusCode != 403 {
			t.Errorf("an office saving a day: %d", resp.StatusCode)
		}
		if resp, _ := office.postFile("/calendar/import", "2027.csv", []byte("2027-01-01,假,元旦\n"), nil); resp.StatusCode != 403 {
			t.Errorf("an office importing: %d", resp.StatusCode)
		}
		if resp := office.post("/calendar/days/2025-01-26/delete", nil); resp.StatusCode != 403 {
			t.Errorf("an office deleting: %d", resp.StatusCode)
		}
		if head() != before {
			t.Error("refused edits changed the database")
		}
	})
}

func TestCalendarEditing(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		sys := login(t, env, "sysadmin")
		_, body := sys.get("/calendar?year=2023")
		for _, want := range []string{`id="cal-day-form"`, `id="cal-import-form"`, `action="/calendar/days/2023-10-07/delete"`} {
			if !strings.Contains(body, want) {
				t.Errorf("the system admin's page lacks %q", want)
			}
		}
		resp := sys.post("/calendar/days", url.Values{"date": {"2023-09-21"}, "kind": {"holiday"}, "name": {"防台风停工"}})
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/calendar?year=2023") {
			t.Fatalf("save: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		_, body = sys.get("/calendar?year=2023")
		if !strings.Contains(body, `data-date="2023-09-21" title="放假 防台风停工"`) || !strings.Contains(body, "已保存 2023-09-21 的安排") {
			t.Errorf("the saved day or the flash is missing")
		}
		// A workday on a Tuesday: refused on the page, field marked, values kept.
		resp, body = sys.postBody("/calendar/days", url.Values{"date": {"2023-09-19"}, "kind": {"workday"}, "name": {"补班"}})
		if resp.StatusCode != 422 || !strings.Contains(body, "2023-09-19 是星期二，本来就要上班") || !strings.Contains(body, `class="field error"><legend>类型`) ||
			!strings.Contains(body, `value="补班"`) {
			t.Errorf("workday on a Tuesday: %d\n%.3000s", resp.StatusCode, body)
		}
		if resp, body := sys.postBody("/calendar/days", url.Values{"date": {"2023-02-30"}, "kind": {"holiday"}}); resp.StatusCode != 422 || !strings.Contains(body, "日期") {
			t.Errorf("bad date: %d", resp.StatusCode)
		}
		if resp := sys.post("/calendar/days/2023-09-21/delete", nil); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("delete: %d", resp.StatusCode)
		}
		if _, body := sys.get("/calendar?year=2023"); strings.Contains(body, "防台风停工") {
			t.Error("the deleted day is still shown")
		}
		// Without the CSRF token nothing is saved.
		if resp := sys.post("/calendar/days", url.Values{"csrf": {"forged"}, "date": {"2023-09-22"}, "kind": {"holiday"}}); resp.StatusCode != 403 {
			t.Errorf("forged CSRF: %d", resp.StatusCode)
		}

		// A malformed file: every bad row listed on the page, nothing changed.
		head, _, _ := env.App.DB.Read().Head(context.Background())
		resp, body = sys.postFile("/calendar/import", "2027.csv", []byte("日期,类型,名称\n2027-01-01,假,元旦\n2027-02-30,假,春节\n2027-02-09,班,春节\n"), nil)
		if resp.StatusCode != 422 || !strings.Contains(body, "<li>第 3 行「日期」：「2027-02-30」不是有效日期") ||
			!strings.Contains(body, "<li>第 4 行「类型」：2027-02-09 是星期二") || !strings.Contains(body, "未导入任何内容") {
			t.Errorf("bad import: %d\n%.3000s", resp.StatusCode, body)
		}
		if h, _, _ := env.App.DB.Read().Head(context.Background()); h != head {
			t.Error("a refused import changed the database")
		}
		if resp, body := sys.postFile("/calendar/import", "2027.csv", nil, nil); resp.StatusCode != 422 || !strings.Contains(body, "没有日期行") {
			t.Errorf("empty file: %d", resp.StatusCode)
		}
		resp, _ = sys.postFile("/calendar/import", "2027.csv", []byte("2027-01-01,假,元旦\n2027-02-14,班,春节\n"), url.Values{"year": {"2027"}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/calendar?year=2027" {
			t.Fatalf("import: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		_, body = sys.get("/calendar?year=2027")
		if strings.Contains(body, "cal-uncovered") || !strings.Contains(body, "已导入 2027 年节假日安排（2027.csv）") ||
			!strings.Contains(body, `data-date="2027-02-14" title="调休上班 春节"`) || !strings.Contains(body, "系统管理员导入") {
			t.Errorf("after the import:\n%.2000s", body)
		}
	})
}

// The system admin and the office are warned on the pages they land on
// while this year, or next year from December, has no schedule.
func TestCalendarWarning(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	cases := []struct {
		name string
		now  time.Time
		warn string // "" = no warning
	}{
		{"a covered year", apptest.DefaultNow, ""},
		{"December before a year without data", time.Date(2026, 12, 5, 9, 0, 0, 0, cst), "2027"},
		{"a year without data", time.Date(2027, 3, 1, 9, 0, 0, 0, cst), "2027"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			apptest.Each(t, apptest.Options{Now: c.now}, func(t *testing.T, env *apptest.Env) {
				for _, who := range []struct{ login, path string }{{"office", "/"}, {"sysadmin", "/admin/accounts"}, {"zjj_lly", "/calendar"}} {
					_, body := login(t, env, who.login).get(who.path)
					has := strings.Contains(body, `id="calendar-warning"`)
					if has != (c.warn != "") || c.warn != "" && !strings.Contains(body, "工作日历缺少 "+c.warn+" 年的节假日安排") {
						t.Errorf("%s on %s: warning %v, want %q", who.login, who.path, has, c.warn)
					}
				}
				// A liaison's own pages stay quiet.
				if _, body := login(t, env, "zjj_lly").get("/"); strings.Contains(body, `id="calendar-warning"`) {
					t.Error("a liaison's dashboard warns")
				}
			})
		})
	}
	// Filling the year in ends the warning at once.
	apptest.Each(t, apptest.Options{Now: time.Date(2027, 3, 1, 9, 0, 0, 0, cst)}, func(t *testing.T, env *apptest.Env) {
		sys := login(t, env, "sysadmin")
		if resp, _ := sys.postFile("/calendar/import", "2027.csv", []byte("2027-01-01,假,元旦\n"), nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("import: %d", resp.StatusCode)
		}
		if _, body := login(t, env, "office").get("/"); strings.Contains(body, `id="calendar-warning"`) {
			t.Error("the warning stays after the import")
		}
	})
}
