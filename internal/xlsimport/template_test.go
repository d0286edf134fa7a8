package xlsimport

import (
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
)

// Each template, in each language, loads back with its example rows.
func TestTaskTemplateRoundTrip(t *testing.T) {
	for _, l := range i18n.Langs {
		t.Run(string(l), func(t *testing.T) {
			p := printer(l)
			data, err := TaskTemplate(2025, p)
			if err != nil {
				t.Fatal(err)
			}
			ts, err := ParseTasks(reader(data), TaskOptions{Printer: p})
			if err != nil {
				t.Fatalf("%v %q", err, domain.ErrorDetails(err))
			}
			if ts.Year != 2025 || ts.YearFrom != YearFromTitle || ts.Title != p.T("import.tpl.task.title", 2025) {
				t.Errorf("year %d from %s, title %q", ts.Year, ts.YearFrom, ts.Title)
			}
			if len(ts.Rows) != 3 {
				t.Fatalf("%d rows: %+v", len(ts.Rows), ts.Rows)
			}
			one, two, three := ts.Rows[0], ts.Rows[1], ts.Rows[2]
			if one.Number != "1" || one.Title != p.T("import.tpl.task.ex1.title") || one.Category != domain.CategoryKey ||
				one.Start != d("2025-03-01") || one.Due != d("2025-12-31") || one.Weight != 10 ||
				one.Cadence != domain.CadenceMonthly || len(one.LeadUnits) != 1 || len(one.CoUnits) != 2 {
				t.Errorf("example 1: %+v", one)
			}
			var pcts []float64
			for _, m := range one.Milestones {
				pcts = append(pcts, m.PlannedPct)
			}
			if !reflect.DeepEqual(pcts, []float64{25, 60, 85, 100}) || one.Milestones[1].Due != d("2025-06-30") || !one.Milestones[1].Stated {
				t.Errorf("example 1 milestones: %+v", one.Milestones)
			}
			if two.Due != d("2025-06-30") || two.Category != domain.CategoryInnovation || two.Cadence != domain.CadenceWeekly ||
				len(two.CoUnits) != 2 || len(two.Milestones) != 2 {
				t.Errorf("example 2: %+v", two)
			}
			if !three.Ongoing || three.Due != 0 || three.Category != domain.CategoryRoutine || three.Cadence != domain.CadenceQuarterly {
				t.Errorf("example 3: %+v", three)
			}
		})
	}
}

func TestProgressTemplateRoundTrip(t *testing.T) {
	for _, l := range i18n.Langs {
		t.Run(string(l), func(t *testing.T) {
			p := printer(l)
			data, err := ProgressTemplate(2025, p)
			if err != nil {
				t.Fatal(err)
			}
			ps, err := ParseProgress(reader(data), ProgressOptions{Printer: p})
			if err != nil {
				t.Fatalf("%v %q", err, domain.ErrorDetails(err))
			}
			if len(ps.Rows) != 2 || ps.Title != p.T("import.tpl.progress.title", 2025) {
				t.Fatalf("title %q, rows %+v", ps.Title, ps.Rows)
			}
			july15 := d("2025-07-15")
			if r := ps.Rows[0]; r.Number != "1" || r.Progress != 60 || r.Date != july15 || r.Done != p.T("import.tpl.progress.ex1.done") {
				t.Errorf("example 1: %+v", r)
			}
			if r := ps.Rows[1]; r.Number != "2" || r.Progress != 100 || r.Date != july15 || r.Title != p.T("import.tpl.task.ex2.title") {
				t.Errorf("example 2: %+v", r)
			}
		})
	}
}

// The task template has the layout offices expect: merged title and
// month group, frozen header, a drop-down for categories, instructions.
func TestTaskTemplateLayout(t *testing.T) {
	p := printer(i18n.ZhHans)
	data, err := TaskTemplate(2025, p)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(reader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"任务分解表", "填写说明"}) {
		t.Fatalf("sheets %v", got)
	}
	merges, _ := f.GetMergeCells("任务分解表")
	var refs []string
	for _, m := range merges {
		refs = append(refs, m[0])
	}
	for _, want := range []string{"A1:Z1", "O2:Z2", "A2:A3", "N2:N3"} {
		if !strings.Contains(strings.Join(refs, " "), want) {
			t.Errorf("merges %v lack %s", refs, want)
		}
	}
	for cell, want := range map[string]string{"A1": "2025年工作任务分解表", "A2": "序号", "L2": "完成时限", "O2": "月度节点",
		"O3": "1月", "Z3": "12月", "L5": "6月底前", "H4": "区财政局、区城管局", "T4": "主体完工，累计60%"} {
		if got, _ := f.GetCellValue("任务分解表", cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
	panes, err := f.GetPanes("任务分解表")
	if err != nil || !panes.Freeze || panes.YSplit != 3 {
		t.Errorf("panes %+v, %v", panes, err)
	}
	dvs, _ := f.GetDataValidations("任务分解表")
	if len(dvs) != 2 || !strings.Contains(dvs[0].Formula1, "重点工作") {
		t.Errorf("validations %+v", dvs)
	}
	if got, _ := f.GetCellValue("填写说明", "A3"); !strings.Contains(got, "年份") {
		t.Errorf("instructions start %q", got)
	}
	if w, _ := f.GetColWidth("任务分解表", "B"); w < 20 {
		t.Errorf("title column width %v", w)
	}
}

func TestTemplateBadYear(t *testing.T) {
	if _, err := TaskTemplate(0, nil); domain.ErrorKind(err) != domain.KindInvalid {
		t.Errorf("TaskTemplate(0) err = %v", err)
	}
	if _, err := ProgressTemplate(99999, nil); domain.ErrorKind(err) != domain.KindInvalid {
		t.Errorf("ProgressTemplate(99999) err = %v", err)
	}
}
