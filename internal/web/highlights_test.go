package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
)

// The highlights page: a unit declares with the form, a third is refused
// in Chinese with the form kept, the office sees it by category and
// accepts it; evaluating a returned one is refused.
func TestHighlightsPage(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		l := login(t, env, "zjj_lly")
		_, body := l.get("/highlights")
		if !strings.Contains(body, `id="declare-form"`) || !strings.Contains(body, "全市第一") {
			t.Fatal("no declare form")
		}
		for _, title := range []string{"老旧小区改造", "智慧停车"} {
			resp := l.post("/highlights", url.Values{"year": {"2023"}, "title": {title}, "content": {"内容"}, "ambition": {"全市第一"}, "declare": {"1"}})
			if resp.StatusCode != 303 {
				t.Fatalf("declare %s: %d", title, resp.StatusCode)
			}
		}
		_, body = l.get("/highlights?year=2023")
		if strings.Contains(body, `id="declare-form"`) || strings.Count(body, `class="highlight"`) != 2 {
			t.Errorf("after two the form should go")
		}
		resp, body := l.postBody("/highlights", url.Values{"year": {"2023"}, "title": {"第三项"}, "content": {"内容"}, "ambition": {"全市第一"}})
		if resp.StatusCode != 409 || !strings.Contains(body, "每个单位每年最多申报2项亮点") {
			t.Errorf("a third: %d", resp.StatusCode)
		}
		other := login(t, env, "czj_lly")
		if _, body := other.get("/highlights?year=2023"); strings.Contains(body, "老旧小区改造") {
			t.Error("another unit sees the highlight")
		}
		o := login(t, env, "office")
		_, body = o.get("/highlights?year=2023")
		if !strings.Contains(body, `id="category-区直部门"`) || !strings.Contains(body, "data-decide=") {
			t.Fatalf("office page lacks the category or the decide form")
		}
		resp = o.post("/highlights/1/decide", url.Values{"year": {"2023"}, "decision": {"return"}, "note": {"请量化目标"}})
		if resp.StatusCode != 303 {
			t.Fatalf("return: %d", resp.StatusCode)
		}
		resp, body = o.postBody("/highlights/1/evaluate", url.Values{"year": {"2023"}, "achieved": {"met"}, "score": {"90"}, "comment": {"好"}})
		if resp.StatusCode != 409 || !strings.Contains(body, "认定后才能进行年终评价") {
			t.Errorf("evaluating a returned one: %d", resp.StatusCode)
		}
		resp, body = o.get("/highlights/export.xlsx?year=2023")
		if resp.StatusCode != 200 || !strings.HasPrefix(body, "PK") {
			t.Errorf("export: %d", resp.StatusCode)
		}
		if _, body := l.get("/highlights?year=2023"); !strings.Contains(body, "请量化目标") {
			t.Error("the unit does not see why it was returned")
		}
		// The unit adds a supporting file; the office downloads it, another
		// unit cannot; a refused file shows the page with the reason.
		if _, body := l.get("/highlights?year=2023"); !strings.Contains(body, `data-attach="2"`) {
			t.Fatal("no upload form on the unit's highlight")
		}
		resp, _ = l.postMultipart("/highlights/2/files", map[string]string{"year": "2023"}, map[string][]byte{"现场照片.pdf": []byte("%PDF-1.4 x")})
		if resp.StatusCode != 303 {
			t.Fatalf("upload: %d", resp.StatusCode)
		}
		_, body = o.get("/highlights?year=2023")
		if !strings.Contains(body, `data-files="2"`) || !strings.Contains(body, "现场照片.pdf") || strings.Contains(body, `data-attach=`) {
			t.Errorf("the office's page: files listed, no upload form expected")
		}
		link := strings.Split(strings.Split(body, `<a href="/highlight-files/`)[1], `"`)[0]
		if resp, data := o.get("/highlight-files/" + link); resp.StatusCode != 200 || data != "%PDF-1.4 x" {
			t.Errorf("office download: %d %q", resp.StatusCode, data)
		}
		if resp, _ := other.get("/highlight-files/" + link); resp.StatusCode != 404 {
			t.Errorf("another unit downloads: %d", resp.StatusCode)
		}
		resp, body = l.postMultipart("/highlights/2/files", map[string]string{"year": "2023"}, map[string][]byte{"x.exe": []byte("MZ\x90\x00")})
		if resp.StatusCode != 422 || !strings.Contains(body, "x.exe") {
			t.Errorf("a program: %d", resp.StatusCode)
		}
	})
}
