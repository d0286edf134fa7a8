package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

var (
	formRe     = regexp.MustCompile(`(?s)<form[^>]*id="task-form"[^>]*>(.*?)</form>`)
	inputRe    = regexp.MustCompile(`<input\b([^>]*)>`)
	selectRe   = regexp.MustCompile(`(?s)<select\b([^>]*)>(.*?)</select>`)
	optionRe   = regexp.MustCompile(`<option\b([^>]*)>`)
	textareaRe = regexp.MustCompile(`(?s)<textarea\b([^>]*)>(.*?)</textarea>`)
	attrRe     = regexp.MustCompile(`([a-z_-]+)(?:="([^"]*)")?`)
)

func attrs(s string) map[string]string {
	m := map[string]string{}
	for _, a := range attrRe.FindAllStringSubmatch(s, -1) {
		m[a[1]] = html.UnescapeString(a[2])
	}
	return m
}

// formValues is what a browser submits for the task form on page, as
// rendered (the hidden node row template is disabled and left out).
func formValues(t *testing.T, page string) url.Values {
	t.Helper()
	f := formRe.FindStringSubmatch(page)
	if f == nil {
		t.Fatalf("no task form in:\n%.600s", page)
	}
	v := url.Values{}
	for _, in := range inputRe.FindAllStringSubmatch(f[1], -1) {
		a := attrs(in[1])
		_, disabled := a["disabled"]
		_, checked := a["checked"]
		if a["name"] == "" || disabled || (a["type"] == "checkbox" && !checked) {
			continue
		}
		v.Add(a["name"], a["value"])
	}
	for _, s := range selectRe.FindAllStringSubmatch(f[1], -1) {
		name := attrs(s[1])["name"]
		for _, o := range optionRe.FindAllStringSubmatch(s[2], -1) {
			if a := attrs(o[1]); strings.Contains(o[1], "selected") {
				v.Add(name, a["value"])
			}
		}
	}
	for _, ta := range textareaRe.FindAllStringSubmatch(f[1], -1) {
		v.Add(attrs(ta[1])["name"], html.UnescapeString(ta[2]))
	}
	return v
}

// Saving the edit form unchanged keeps the task as it was, the fields the
// form does not show (the display order) included.
func TestTaskEditKeepsFields(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		svc, op := env.App.Service, service.SystemPrincipal("test")
		g, err := svc.SaveGoal(ctx, op, domain.Goal{PlanID: env.Fix.Plan.ID, Code: "G1", Title: "宜居城市"})
		if err != nil {
			t.Fatal(err)
		}
		id := env.Fix.Tasks["1"]
		m, _ := env.App.Models.Get(ctx)
		old := m.Task(id).Task
		in := service.TaskInput{PlanID: old.PlanID, GoalID: g.ID, Number: old.Number, Title: old.Title, Content: "老旧小区改造内容",
			Category: old.Category, SectorID: old.SectorID, FrontIDs: old.FrontIDs, LeadUnitIDs: old.LeadUnitIDs, CoUnitIDs: old.CoUnitIDs,
			LeaderIDs: old.LeaderIDs, Responsible: "赵局长", Start: old.Start, Due: old.Due, Weight: old.Weight, Sort: 7}
		if _, err := svc.UpdateTask(ctx, op, id, in); err != nil {
			t.Fatal(err)
		}
		m, _ = env.App.Models.Get(ctx)
		before := *m.Task(id)

		b := login(t, env, "office")
		resp, page := b.get("/tasks/" + itoa(id) + "/edit")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("edit page: %d", resp.StatusCode)
		}
		form := formValues(t, page)
		if resp := b.post("/tasks/"+itoa(id), form); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d", resp.StatusCode)
		}
		m, _ = env.App.Models.Get(ctx)
		after := *m.Task(id)
		if after.GoalID != g.ID || after.Sort != 7 {
			t.Errorf("after saving the form unchanged: goal %d, sort %d; want goal %d, sort 7", after.GoalID, after.Sort, g.ID)
		}
		before.UpdatedAt, after.UpdatedAt = time.Time{}, time.Time{}
		if !reflect.DeepEqual(before.Task, after.Task) || !reflect.DeepEqual(before.Milestones, after.Milestones) {
			t.Errorf("task changed by an unchanged form:\nbefore %+v %+v\nafter  %+v %+v", before.Task, before.Milestones, after.Task, after.Milestones)
		}

		// Changing one field keeps the others.
		form.Set("title", "老旧小区改造提升（修订）")
		if resp := b.post("/tasks/"+itoa(id), form); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d", resp.StatusCode)
		}
		m, _ = env.App.Models.Get(ctx)
		if got := m.Task(id); got.Title != "老旧小区改造提升（修订）" || got.GoalID != g.ID || got.Sort != 7 || got.Content != "老旧小区改造内容" {
			t.Errorf("after editing the title: %+v", got.Task)
		}
		// The goal list, shown, clears the goal when left empty.
		form.Set("goal_id", "")
		if resp := b.post("/tasks/"+itoa(id), form); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d", resp.StatusCode)
		}
		m, _ = env.App.Models.Get(ctx)
		if got := m.Task(id); got.GoalID != 0 || got.Sort != 7 {
			t.Errorf("after clearing the goal: goal %d, sort %d", got.GoalID, got.Sort)
		}
	})
}
