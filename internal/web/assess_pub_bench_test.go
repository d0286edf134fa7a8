package web_test

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/store/storetest"
)

// BenchmarkPublicAssessPage measures the public list of a run of 500
// units × 100 criteria over loopback HTTP, without login: the first
// request renders it (reported as cold-ms), every later one is served
// from the page cache until the run changes.
func BenchmarkPublicAssessPage(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			env := apptest.Start(b, e, apptest.Options{Now: time.Date(2026, 11, 2, 9, 0, 0, 0, time.Local)})
			id, units := apptest.BigAssessRun(b, env)
			c := env.Client()
			get := func(path string) {
				resp, err := c.Get(env.URL + path)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.Fatalf("%s: %d", path, resp.StatusCode)
				}
			}
			page := "/public/assess/" + itoa(id)
			start := time.Now()
			get(page)
			cold := time.Since(start)
			start = time.Now()
			get(page + "/units/" + itoa(units[0]))
			coldUnit := time.Since(start)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				get(page)
			}
			b.ReportMetric(float64(cold.Milliseconds()), "cold-ms")
			b.ReportMetric(float64(coldUnit.Milliseconds()), "cold-unit-ms")
		})
	}
}
