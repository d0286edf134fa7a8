package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/xlsimport"
)

// browser is a cookie-keeping client that knows its CSRF token.
type browser struct {
	t    *testing.T
	env  *apptest.Env
	c    *http.Client
	csrf string
}

var csrfRe = regexp.MustCompile(`name="csrf-token" content="([^"]+)"`)

func login(t *testing.T, env *apptest.Env, user string) *browser {
	t.Helper()
	b := &browser{t: t, env: env, c: env.Client()}
	resp := b.post("/login", url.Values{"login": {user}, "password": {apptest.Password}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: %d", user, resp.StatusCode)
	}
	b.get("/password") // any page, to learn the CSRF token
	return b
}

func (b *browser) do(req *http.Request) (*http.Response, string) {
	b.t.Helper()
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if m := csrfRe.FindSubmatch(body); m != nil {
		b.csrf = string(m[1])
	}
	return resp, string(body)
}

func (b *browser) get(path string) (*http.Response, string) {
	req, _ := http.NewRequest("GET", b.env.URL+path, nil)
	return b.do(req)
}

func (b *browser) post(path string, form url.Values) *http.Response {
	resp, _ := b.postBody(path, form)
	return resp
}

func (b *browser) postBody(path string, form url.Values) (*http.Response, string) {
	if form == nil {
		form = url.Values{}
	}
	if b.csrf != "" && form.Get("csrf") == "" {
		form.Set("csrf", b.csrf)
	}
	req, _ := http.NewRequest("POST", b.env.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

func TestPagesRender(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		office := login(t, env, "office")
		pages := map[string]string{
			"/":           "时间过半、任务过半",
			"/tasks":      "老旧小区改造提升",
			"/tasks?q=养老": "社区养老服务站建设",
			"/gantt":      "月度节点甘特图",
			"/units":      "区住建局",
			"/org":        "城市建设口",
			"/people":     "王建新",
			"/plans":      "2023年全区重点工作任务",
			"/import":     "任务分解表模板",
			"/reports":    "报送情况",
			"/me/tokens":  "API 令牌",
			"/password":   "修改密码",
			"/tasks/new":  "新建任务",
			"/units/new":  "新增单位",
			"/plans/new":  "新建计划",
		}
		for path, want := range pages {
			resp, body := office.get(path)
			if resp.StatusCode != 200 || !strings.Contains(body, want) {
				t.Errorf("GET %s: %d, want %q in:\n%.600s", path, resp.StatusCode, want, body)
			}
		}
		id := env.Fix.Tasks["1"]
		for _, path := range []string{"/tasks/" + itoa(id), "/tasks/" + itoa(id) + "/edit", "/units/" + itoa(env.Fix.Units["区住建局"]),
			"/plans/" + itoa(env.Fix.Plan.ID), "/people/" + itoa(env.Fix.People["王建新"])} {
			if resp, body := office.get(path); resp.StatusCode != 200 {
				t.Errorf("GET %s: %d\n%.500s", path, resp.StatusCode, body)
			}
		}
	})
}

func itoa(id int64) string { return strconvI(id) }

// The exported task list reads back through the task import unchanged.
func TestTaskExportRoundTrip(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		b := login(t, env, "office")
		resp, body := b.get("/tasks/export.xlsx?as_of=2023-07-15")
		if resp.StatusCode != 200 || !strings.HasPrefix(body, "PK") || !strings.Contains(resp.Header.Get("Content-Disposition"), "filename*=UTF-8''") {
			t.Fatalf("export: %d %q", resp.StatusCode, resp.Header.Get("Content-Disposition"))
		}
		sheet, err := xlsimport.ParseTasks(strings.NewReader(body), xlsimport.TaskOptions{})
		if err != nil {
			t.Fatalf("the export does not import: %v %v", err, domain.ErrorDetails(err))
		}
		if len(sheet.Rows) != 5 || sheet.Year != 2023 {
			t.Fatalf("rows %d, year %d", len(sheet.Rows), sheet.Year)
		}
		sum, err := env.App.Service.ImportTasks(context.Background(), service.SystemPrincipal("test"), sheet, service.ImportOptions{PlanID: env.Fix.Plan.ID})
		if err != nil {
			t.Fatal(err)
		}
		// A sheet without node columns leaves the tasks' nodes alone.
		if sum.Unchanged != 5 || sum.Created != 0 || sum.Updated != 0 {
			t.Errorf("re-import of the export: %+v", sum)
		}
		m, _ := env.App.Models.Get(context.Background())
		if n := len(m.Task(env.Fix.Tasks["1"]).Milestones); n != 4 {
			t.Errorf("task 1 has %d nodes after the re-import", n)
		}
		// A liaison's export holds only the unit's tasks.
		czj := login(t, env, "czj_lly")
		_, body = czj.get("/tasks/export.xlsx")
		if s, err := xlsimport.ParseTasks(strings.NewReader(body), xlsimport.TaskOptions{Year: 2023}); err != nil || len(s.Rows) != 2 {
			t.Errorf("scoped export: %v rows, %v", len(s.Rows), err)
		}
	})
}
