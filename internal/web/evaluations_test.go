package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
)

var sheetCodeRe = regexp.MustCompile(`class="c">([0-9A-Z]{3}-[0-9A-Z]{5}-[0-9A-Z]{5})<`)

// The office sets up an evaluation through the form, prints codes, opens
// it; a voter without login votes with a code; the office closes it and
// reads the results with their formulas.
func TestEvaluationPages(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		f := env.Fix
		office := login(t, env, "office")
		form := url.Values{"name": {"2023年度民主测评"}, "year": {"2023"}, "code": {"MZ"}, "kind": {"survey"}, "scale": {"options"},
			"unit": {itoa(f.Units["区住建局"]), itoa(f.Units["区财政局"])}, "options": {"优秀 100\n较好 80\n一般 60\n较差 0"},
			"groups": {"leaders 上级领导 60 1\npeers 同级单位 40 1 按单位\nbad"}}
		resp, body := office.postBody("/evaluations", form)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "评议群体第 3 行“bad”应为“代码 名称 权重 最低票数 [按单位]”。") {
			t.Fatalf("bad group line: %d %s", resp.StatusCode, body)
		}
		form.Set("groups", "leaders 上级领导 60 1\npeers 同级单位 40 1 按单位")
		resp = office.post("/evaluations", form)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d", resp.StatusCode)
		}
		page := resp.Header.Get("Location")
		resp, body = office.postBody(page+"/codes", url.Values{"group": {"leaders"}, "count": {"2"}, "format": {"sheet"}})
		codes := sheetCodeRe.FindAllStringSubmatch(body, -1)
		if resp.StatusCode != http.StatusOK || len(codes) != 2 || strings.Count(body, "<svg") != 2 {
			t.Fatalf("sheet: %d %d codes %s", resp.StatusCode, len(codes), body)
		}
		resp, body = office.postBody(page+"/codes", url.Values{"group": {"peers"}, "count": {"1"}, "each_unit": {"1"}, "format": {"csv"}})
		if resp.StatusCode != http.StatusOK || strings.Count(body, "/v/") != 2 || !strings.Contains(body, "区住建局") {
			t.Fatalf("csv: %d %s", resp.StatusCode, body)
		}
		voter := &browser{t: t, env: env, c: env.Client()}
		code := codes[0][1]
		if _, body := voter.get("/v/" + code); !strings.Contains(body, "测评尚未开始") {
			t.Errorf("before opening: %s", body)
		}
		office.post(page+"/open", nil)
		resp, body = voter.get("/v/" + strings.ToLower(strings.ReplaceAll(code, "-", "")))
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "区财政局") || !strings.Contains(body, "弃权") {
			t.Fatalf("ballot: %d %s", resp.StatusCode, body)
		}
		zjj, czj := "u"+itoa(f.Units["区住建局"]), "u"+itoa(f.Units["区财政局"])
		resp, body = voter.postBody("/v/"+code, url.Values{zjj: {"1"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "请对“区财政局”作出评价或选择弃权。") || !strings.Contains(body, `value="1" checked`) {
			t.Fatalf("missing answer: %d %s", resp.StatusCode, body)
		}
		resp = voter.post("/v/"+code, url.Values{zjj: {"1"}, czj: {"2"}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/vote/thanks" {
			t.Fatalf("vote: %d", resp.StatusCode)
		}
		resp, body = voter.get("/v/" + code)
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "该票码已使用") {
			t.Errorf("second visit: %d %s", resp.StatusCode, body)
		}
		if resp := voter.post("/v/"+code, url.Values{zjj: {"1"}, czj: {"2"}}); resp.StatusCode != http.StatusConflict {
			t.Errorf("second vote: %d", resp.StatusCode)
		}
		if resp, _ := voter.get("/vote?code=" + url.QueryEscape(code)); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("typed code: %d", resp.StatusCode)
		}
		// A liaison sees nothing of it while it runs; the office sees turnout.
		lly := login(t, env, "zjj_lly")
		if resp, _ := lly.get(page); resp.StatusCode != http.StatusNotFound {
			t.Errorf("liaison reads the evaluation: %d", resp.StatusCode)
		}
		if _, body := office.get(page); !strings.Contains(body, `id="turnout-leaders"`) || strings.Contains(body, `id="results"`) {
			t.Errorf("office page while open: %s", body)
		}
		// The page fetches its turnout section alone while the voting is
		// open: the office gets it, with the vote counted; nobody else does.
		resp, body = office.get(page + "/turnout")
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(strings.TrimSpace(body), `<section class="card" id="turnout" data-refresh="`+page+`/turnout">`) ||
			!strings.Contains(body, `id="turnout-leaders"><td data-label="评议群体">上级领导</td><td data-label="已投">1</td>`) || strings.Contains(body, "<html") {
			t.Errorf("turnout section: %d %s", resp.StatusCode, body)
		}
		if resp, _ := lly.get(page + "/turnout"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("liaison reads the turnout: %d", resp.StatusCode)
		}
		office.post(page+"/close", nil)
		if _, body := office.get(page + "/turnout"); !strings.Contains(body, `id="turnout"`) || strings.Contains(body, "data-refresh") {
			t.Errorf("a closed evaluation's turnout still refreshes: %s", body)
		}
		if _, body := voter.get("/v/" + codes[1][1]); !strings.Contains(body, "测评已结束") {
			t.Errorf("after closing: %s", body)
		}
		if _, body := office.get(page); !strings.Contains(body, "(60 × 100.00) ÷ (60) = 100.00") || !strings.Contains(body, "未达最低票数") {
			t.Errorf("results: %s", body)
		}
		if _, body := lly.get(page); !strings.Contains(body, `id="result-`+itoa(f.Units["区住建局"])+`"`) || strings.Contains(body, `id="result-`+itoa(f.Units["区财政局"])+`"`) {
			t.Errorf("liaison's results: %s", body)
		}
	})
}
