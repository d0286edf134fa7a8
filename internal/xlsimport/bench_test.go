package xlsimport

import (
	"fmt"
	"testing"
)

// bigTaskSheet is a 10,000-task sheet shaped like realSheet: merged title,
// two-row header, section rows, names, dates written several ways and
// month nodes.
func bigTaskSheet(n int) sheetSpec {
	s := realSheet()
	s.rows = s.rows[:4]
	s.merges = s.merges[:3]
	for c := 0; c < 14; c++ {
		s.merges = append(s.merges, ref(2, c)+":"+ref(3, c))
	}
	dues := []any{"6月底前", 45199, "2023年9月30日", "年底前", "三季度末", "长期坚持", "2023-11-15", "10月中旬"}
	cats := []string{"重点工作", "常规", "创新工作", "亮点"}
	cads := []string{"每月", "周推进", "季度"}
	for i := 0; i < n; i++ {
		if i%50 == 0 {
			s.rows = append(s.rows, []any{fmt.Sprintf("%d、第%d组（共50项）", i/50+1, i/50+1)})
		}
		row := make([]any, 26)
		row[0] = i + 1
		row[1] = fmt.Sprintf("重点任务第%d项：推进项目建设", i+1)
		row[2] = "完成年度投资计划，新开工项目３个\n竣工项目２个"
		row[3] = cats[i%len(cats)]
		row[4] = "经济发展口"
		row[5] = "重大项目、招商税源"
		row[6] = "区发改局、区住建局\n区财政局"
		row[7] = "区自然资源局；区生态环境局"
		row[8] = "张明"
		row[9] = "李华"
		row[10] = 44927
		row[11] = dues[i%len(dues)]
		row[12] = "５"
		row[13] = cads[i%len(cads)]
		row[16] = "完成前期手续"
		row[19] = "主体开工，累计40%"
		row[22] = "主体完工"
		if dues[i%len(dues)] != "6月底前" {
			row[25] = "竣工验收"
		} else {
			row[19] = "完成"
			row[22] = nil
		}
		s.rows = append(s.rows, row)
	}
	return s
}

func BenchmarkParseTasks10k(b *testing.B) {
	data := makeBook(b, bigTaskSheet(10000))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		ts, err := ParseTasks(reader(data), TaskOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if len(ts.Rows) != 10000 {
			b.Fatalf("%d rows", len(ts.Rows))
		}
	}
}
