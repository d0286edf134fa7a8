package service_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// An examiner's score sheet: the template lists the examiner's units and
// criteria; a sheet with any bad row is refused whole, naming each row; a
// good one stores every row. The operator imports in an examiner's name.
func TestAssessScoreSheet(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		svc := env.App.Service
		office := as(t, env, "office")
		kh := addExaminer(t, env, "kh_czj", "区财政局")
		sc, err := svc.CreateScheme(ctx, office, testScheme())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SetSchemeExaminers(ctx, office, sc.ID, []service.ExaminerInput{{Login: "kh_czj", Criteria: []string{"M1", "M2"}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.FreezeScheme(ctx, office, sc.ID); err != nil {
			t.Fatal(err)
		}
		tpl, err := svc.ScoreTemplate(ctx, kh, sc.ID)
		if err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(tpl))
		if err != nil {
			t.Fatal(err)
		}
		sh := f.GetSheetName(0)
		// Rows 3–8: 区住建局, 区城管局, 东湖街道 × M1, M2 (区财政局 is the
		// examiner's own unit and is not listed).
		for cell, want := range map[string]string{"A3": "区住建局", "B3": "M1", "B4": "M2", "A5": "区城管局", "A7": "东湖街道", "D3": "10", "D4": "20"} {
			if v, _ := f.GetCellValue(sh, cell); v != want {
				t.Errorf("template %s = %q, want %q", cell, v, want)
			}
		}
		set := func(cells map[string]any) []byte {
			for c, v := range cells {
				f.SetCellValue(sh, c, v)
			}
			var buf bytes.Buffer
			if err := f.Write(&buf); err != nil {
				t.Fatal(err)
			}
			return buf.Bytes()
		}
		bad := set(map[string]any{"E3": 12, "F3": "作风扎实", "E5": 8, "F5": "整改及时", "E8": 18, "F8": "群众满意度高",
			"A9": "区路灯所", "B9": "M1", "E9": 7, "F9": "好"})
		_, err = svc.ImportScoreSheet(ctx, kh, sc.ID, bad, "")
		if domain.ErrorMessage(err) != "有 2 条评分有误，均未保存。" ||
			fmtList(domain.ErrorDetails(err)) != "[评分表 第 9 行：A9单元格：系统中没有单位“区路灯所”。 评分表 第 3 行：得分 12 超出范围 0–10。]" {
			t.Errorf("bad sheet: %v %v", err, domain.ErrorDetails(err))
		}
		if list, _ := svc.Entries(ctx, office, sc.ID); len(list) != 0 {
			t.Fatalf("a refused sheet stored %d entries", len(list))
		}
		good := set(map[string]any{"E3": 9, "A9": "", "B9": "", "E9": "", "F9": ""})
		saved, err := svc.ImportScoreSheet(ctx, kh, sc.ID, good, "")
		if err != nil || len(saved) != 3 {
			t.Fatalf("good sheet: %+v %v", saved, err)
		}
		// The operator imports the same sheet in another examiner's name.
		addExaminer(t, env, "kh_zjj", "区住建局")
		if _, err := svc.SetSchemeExaminers(ctx, office, sc.ID, []service.ExaminerInput{{Login: "kh_czj", Criteria: []string{"M1", "M2"}}, {Login: "kh_zjj"}}); err != nil {
			t.Fatal(err)
		}
		_, err = svc.ImportScoreSheet(ctx, service.SystemPrincipal("cli"), sc.ID, good, "kh_zjj")
		if domain.ErrorDetails(err) == nil || fmtList(domain.ErrorDetails(err)) != "[评分表 第 3 行：不能为本单位（区住建局）评分。]" {
			t.Errorf("in kh_zjj's name: %v %v", err, domain.ErrorDetails(err))
		}
		_, err = svc.ImportScoreSheet(ctx, service.SystemPrincipal("cli"), sc.ID, good, "zjj_lly")
		refused(t, "in a liaison's name", err, domain.KindInvalid, "“zjj_lly”不是有效的考核员账号。")
	})
}
