package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/luoshi/luoshi/internal/apptest"
)

// located returns the path a 303 sends the browser to.
func located(t *testing.T, resp *http.Response, prefix string) string {
	t.Helper()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, prefix) {
		t.Fatalf("status %d, location %q; want a redirect to %s…", resp.StatusCode, loc, prefix)
	}
	return loc
}

// The office plans and runs an inspection through the pages, issues an
// item from a finding and sends it for self-inspection; the unit works on
// the item and answers; the office verifies and closes it.
func TestInspectionPages(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		f := env.Fix
		office := login(t, env, "office")
		for path, want := range map[string]string{"/inspections": "暂无督查检查", "/inspections/new": "新建督查检查", "/rectifications": "整改台账"} {
			if resp, body := office.get(path); resp.StatusCode != 200 || !strings.Contains(body, want) {
				t.Errorf("GET %s: %d, want %q", path, resp.StatusCode, want)
			}
		}
		// A plan without units is refused on the form, with what was typed kept.
		resp, body := office.postBody("/inspections", url.Values{"kind": {"field"}, "title": {"背街小巷专项督查"}, "leader_id": {itoa(f.People["吴督查"])}})
		if resp.StatusCode != 422 || !strings.Contains(body, "请选择被检查单位。") || !strings.Contains(body, "背街小巷专项督查") {
			t.Fatalf("inspection without units: %d\n%.400s", resp.StatusCode, body)
		}
		insp := located(t, office.post("/inspections", url.Values{"kind": {"field"}, "title": {"背街小巷专项督查"}, "leader_id": {itoa(f.People["吴督查"])},
			"target_unit_ids": {itoa(f.Units["区住建局"]), itoa(f.Units["东湖街道"])}, "planned_start": {"2023-07-17"}}), "/inspections/")
		if _, body := office.get(insp); !strings.Contains(body, "计划中") || !strings.Contains(body, "区住建局、东湖街道") {
			t.Fatalf("inspection page:\n%.600s", body)
		}
		located(t, office.post(insp+"/start", url.Values{"on": {"2023-07-15"}}), insp)
		located(t, office.post(insp+"/findings", url.Values{"problem": {"渣土车未覆盖"}, "unit_id": {itoa(f.Units["区住建局"])}, "found_on": {"2023-07-15"}}), insp)
		_, body = office.get(insp)
		if !strings.Contains(body, "检查中") || !strings.Contains(body, "1. 渣土车未覆盖") {
			t.Fatalf("inspection under way:\n%.800s", body)
		}
		finding := between(body, `action="/findings/`, `/rectifications"`)
		// A deadline on a Sunday is refused on the page.
		resp, body = office.postBody("/findings/"+finding+"/rectifications", url.Values{"inspection": {strings.TrimPrefix(insp, "/inspections/")},
			"unit_id": {itoa(f.Units["区住建局"])}, "deadline": {"2023-07-30"}})
		if resp.StatusCode != 422 || !strings.Contains(body, "整改时限「2023-07-30」（星期日）不是工作日") {
			t.Fatalf("deadline on a Sunday: %d\n%.400s", resp.StatusCode, body)
		}
		item := located(t, office.post("/findings/"+finding+"/rectifications", url.Values{"inspection": {strings.TrimPrefix(insp, "/inspections/")},
			"unit_id": {itoa(f.Units["区住建局"])}, "deadline_workdays": {"10"}}), "/rectifications/")
		check := located(t, office.post("/findings/"+finding+"/self-checks", url.Values{"inspection": {strings.TrimPrefix(insp, "/inspections/")},
			"targets": {"departments"}}), "/self-checks/")

		// Another unit does not see the item.
		if resp, _ := login(t, env, "czj_lly").get(item); resp.StatusCode != 404 {
			t.Errorf("another unit reads the item: %d", resp.StatusCode)
		}
		// The unit finds the item on its list and works on it.
		unit := login(t, env, "zjj_lly")
		if _, body := unit.get("/rectifications/mine"); !strings.Contains(body, "渣土车未覆盖") || !strings.Contains(body, "已下发") {
			t.Fatalf("unit's list:\n%.600s", body)
		}
		if _, body := unit.get(item); !strings.Contains(body, `action="`+item+`/measures"`) || strings.Contains(body, `id="verify-form"`) {
			t.Fatalf("unit's item page offers the wrong steps:\n%.600s", body)
		}
		resp, body = unit.postBody(item+"/apply", url.Values{"note": {"已整改"}})
		if resp.StatusCode != 422 || !strings.Contains(body, "申请销号前请先填写整改措施。") {
			t.Fatalf("apply before measures: %d", resp.StatusCode)
		}
		located(t, unit.post(item+"/measures", url.Values{"measures": {"渣土车全部加装密闭盖板"}}), item)
		located(t, unit.post(item+"/apply", url.Values{"note": {"已全部加装"}}), item)

		// The office cannot close before verifying, then verifies and closes.
		resp, body = office.postBody(item+"/close", nil)
		if resp.StatusCode != 409 || !strings.Contains(body, "尚未验收通过，不能销号") {
			t.Fatalf("closing an unverified item: %d", resp.StatusCode)
		}
		resp, body = office.postBody(item+"/verify", url.Values{"result": {"failed"}})
		if resp.StatusCode != 422 || !strings.Contains(body, "不通过时请填写理由。") {
			t.Fatalf("failing without reasons: %d", resp.StatusCode)
		}
		located(t, office.post(item+"/verify", url.Values{"result": {"passed"}}), item)
		located(t, office.post(item+"/close", url.Values{"recheck_on": {"2023-08-15"}}), item)
		_, body = office.get(item)
		for _, want := range []string{"已销号", "下发整改", "填写整改措施", "申请销号", "验收通过", "2023-08-15", "吴督查", "张联络"} {
			if !strings.Contains(body, want) {
				t.Errorf("item page lacks %q", want)
			}
		}
		if _, body := office.get("/rectifications?state=closed"); !strings.Contains(body, "渣土车未覆盖") {
			t.Error("the board's closed filter misses the item")
		}

		// 举一反三: the finance bureau answers; the office sees who has not.
		fin := login(t, env, "czj_lly")
		if _, body := fin.get("/rectifications/mine"); !strings.Contains(body, "渣土车未覆盖") || !strings.Contains(body, "待答复") {
			t.Fatalf("self-check inbox:\n%.600s", body)
		}
		resp, body = fin.postBody(check+"/answer", url.Values{"unit_id": {itoa(f.Units["区财政局"])}, "found": {"1"}})
		if resp.StatusCode != 422 || !strings.Contains(body, "发现同类问题时请写明问题。") {
			t.Fatalf("answer without problems: %d", resp.StatusCode)
		}
		located(t, fin.post(check+"/answer", url.Values{"unit_id": {itoa(f.Units["区财政局"])}, "found": {"0"}, "measures": {"纳入日常检查"}}), check)
		_, body = office.get(check)
		if !strings.Contains(body, "已答复 1 / 2") || !strings.Contains(between(body, `id="sc-pending"`, "</section>"), "区城管局") {
			t.Fatalf("self-check page:\n%.800s", body)
		}

		// The ledger downloads with the board's filter.
		resp, body = office.get("/rectifications/ledger.xlsx?state=closed")
		if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), "filename*=UTF-8''") {
			t.Fatalf("ledger: %d", resp.StatusCode)
		}
		x, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows("整改台账")
		if len(rows) != 3 || rows[2][1] != "渣土车未覆盖" || rows[2][7] != "已销号（2023-07-15），回头看 2023-08-15" {
			t.Errorf("ledger rows: %q", rows)
		}
	})
}
