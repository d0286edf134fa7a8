package xlsexport

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestWriteLedger(t *testing.T) {
	cols := []Column{{"序号", 6}, {"事项", 30}, {"备注", 20}}
	for _, tc := range []struct {
		name string
		rows [][]any
		want []string // the rows read back, cells joined by "|"
	}{
		{"rows", [][]any{{1, "围挡破损", "逾期"}, {2, "渣土未覆盖", ""}}, []string{"台账（截至 2023-07-15）", "序号|事项|备注", "1|围挡破损|逾期", "2|渣土未覆盖"}},
		{"no rows", nil, []string{"台账（截至 2023-07-15）", "序号|事项|备注"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data, err := Write(Ledger{Sheet: "台账", Title: "台账（截至 2023-07-15）", Columns: cols, Rows: tc.rows})
			if err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			rows, err := f.GetRows("台账")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rows {
				got = append(got, strings.Join(r, "|"))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			merged, err := f.GetMergeCells("台账")
			if err != nil || len(merged) != 1 || merged[0].GetStartAxis() != "A1" || merged[0].GetEndAxis() != "C1" {
				t.Errorf("the title should span the columns: %v %v", merged, err)
			}
			if w, _ := f.GetColWidth("台账", "B"); w != 30 {
				t.Errorf("column B is %v wide, want 30", w)
			}
			panes, err := f.GetPanes("台账")
			if err != nil || !panes.Freeze || panes.YSplit != 2 {
				t.Errorf("the title and header should stay in view: %+v %v", panes, err)
			}
		})
	}
}
