package service_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/luoshi/luoshi/internal/app"
	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/auth"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store/storetest"
	"github.com/luoshi/luoshi/internal/xlsimport"
)

// bigSheet builds a task sheet of n rows with month nodes, the shape of a
// city's consolidated decomposition sheet.
func bigSheet(tb testing.TB, n int) []byte {
	tb.Helper()
	f := excelize.NewFile()
	sh := f.GetSheetName(0)
	sw, err := f.NewStreamWriter(sh)
	if err != nil {
		tb.Fatal(err)
	}
	sw.SetRow("A1", []any{"2023年全市重点工作任务分解表"})
	head := []any{"序号", "任务名称", "具体内容", "类别", "所属口", "牵头单位", "配合单位", "责任领导", "开始时间", "完成时限", "权重", "3月", "6月", "9月", "12月"}
	sw.SetRow("A2", head)
	units := []string{"区住建局", "区财政局", "区城管局", "东湖街道"}
	sectors := []string{"城市建设口", "经济发展口", "城市管理口", "社会事业口"}
	for i := 0; i < n; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i+3)
		u := units[i%4]
		sw.SetRow(cell, []any{fmt.Sprint(i + 1), fmt.Sprintf("第%d项重点工作：推进教育医疗养老项目建设", i+1),
			fmt.Sprintf("完成投资%d万元，新建设施%d处，惠及群众%d人", 100+i%900, 1+i%7, 1000+i), "重点", sectors[i%4], u, units[(i+1)%4], "王建新",
			"2023-01-01", "年底前", 1 + i%3, "完成设计", "开工建设，累计50%", "主体完工", "竣工验收"})
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkImport10kTasks measures parsing and storing a 10,000-row task
// sheet in one all-or-nothing transaction (target: ≤ 3 s).
func BenchmarkImport10kTasks(b *testing.B) {
	data := bigSheet(b, 10000)
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				ctx := context.Background()
				a, err := app.Open(ctx, app.Config{DB: e.DSN(b), PasswordParams: auth.FastParams, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: apptest.DefaultNow})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := apptest.Seed(ctx, a.Service); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				sheet, err := xlsimport.ParseTasks(bytes.NewReader(data), xlsimport.TaskOptions{})
				if err != nil {
					b.Fatal(err)
				}
				sum, err := a.Service.ImportTasks(ctx, service.SystemPrincipal("bench"), sheet, service.ImportOptions{FileName: "big.xlsx", Data: data})
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				if sum.Created != 10000 {
					b.Fatalf("created %d", sum.Created)
				}
				a.Close()
				b.StartTimer()
			}
		})
	}
}
