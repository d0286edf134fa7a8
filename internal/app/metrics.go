package app

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/luoshi/luoshi/internal/httpx"
	"github.com/luoshi/luoshi/internal/readmodel"
	"github.com/luoshi/luoshi/internal/store"
)

type metrics struct {
	log      *slog.Logger
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics(reg *prometheus.Registry, models *readmodel.Cache, db *store.DB, log *slog.Logger) *metrics {
	m := &metrics{
		reg: reg,
		log: log,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "luoshi_http_requests_total", Help: "HTTP requests by route pattern and status code.",
		}, []string{"route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "luoshi_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.latency,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "luoshi_readmodel_full_loads_total", Help: "Full reloads of the in-memory read model."},
			func() float64 { return float64(models.FullLoads.Load()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "luoshi_readmodel_delta_loads_total", Help: "Incremental progress loads of the read model."},
			func() float64 { return float64(models.DeltaLoads.Load()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "luoshi_readmodel_tasks", Help: "Tasks in the current read model."},
			func() float64 {
				if cur := models.Current(); cur != nil {
					return float64(len(cur.Tasks))
				}
				return 0
			}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "luoshi_readmodel_seq", Help: "Audit sequence the read model reflects."},
			func() float64 {
				if cur := models.Current(); cur != nil {
					return float64(cur.Seq)
				}
				return 0
			}),
		collectors.NewDBStatsCollector(db.ReadPool(), "read"),
	)
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// statusRecorder remembers the status code a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.code = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// instrument counts and times requests by the pattern the mux matched, so
// that IDs in paths do not explode the label space.
func (m *metrics) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, code: http.StatusOK}
		ctx, route := httpx.WithRouteHolder(r.Context())
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			// A write finishes even if the client goes away: it may share a
			// group commit with other people's writes.
			ctx = context.WithoutCancel(ctx)
		}
		r = r.WithContext(ctx)
		next.ServeHTTP(rec, r)
		if *route == "" {
			*route = r.Pattern
		}
		if *route == "" {
			*route = "unmatched"
		}
		elapsed := time.Since(start)
		m.requests.WithLabelValues(*route, strconv.Itoa(rec.code)).Inc()
		m.latency.WithLabelValues(*route).Observe(elapsed.Seconds())
		// One line per request at debug level (LUOSHI_LOG_LEVEL=debug).
		if m.log.Enabled(ctx, slog.LevelDebug) {
			m.log.LogAttrs(ctx, slog.LevelDebug, "request", slog.String("method", r.Method), slog.String("path", r.URL.Path),
				slog.String("route", *route), slog.Int("status", rec.code), slog.Duration("took", elapsed), slog.String("remote", r.RemoteAddr))
		}
	})
}
