// Package loadtest drives a running luoshi over loopback with many
// concurrent clients for a fixed time and reports throughput, latency
// percentiles and errors. It only ever talks to the URL it is given, stops
// by itself, and refuses non-loopback targets.
package loadtest

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sort"
	"sync"
	"time"
)

// Options configure a run.
type Options struct {
	URL      string
	Clients  int
	Duration time.Duration
	Warmup   time.Duration
}

// Result summarises a run.
type Result struct {
	Scenario   string        `json:"scenario"`
	Clients    int           `json:"clients"`
	Duration   time.Duration `json:"duration_ns"`
	Requests   int           `json:"requests"`
	Errors     int           `json:"errors"`
	Throughput float64       `json:"requests_per_second"`
	P50        time.Duration `json:"p50_ns"`
	P90        time.Duration `json:"p90_ns"`
	P99        time.Duration `json:"p99_ns"`
	Max        time.Duration `json:"max_ns"`
	Bytes      int64         `json:"bytes"`
	// FirstErrors keeps a few error descriptions for the report.
	FirstErrors []string `json:"first_errors,omitempty"`
	// Verified counts acknowledged writes found again after the run.
	Verified int `json:"verified,omitempty"`
	Lost     int `json:"lost,omitempty"`
}

// CheckLoopback refuses targets that are not on this machine's loopback.
func CheckLoopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("load tests target loopback addresses only, not %q", host)
	}
	return nil
}

// NewClient returns an HTTP client tuned for many keep-alive connections
// to one host.
func NewClient(clients int) *http.Client {
	tr := &http.Transport{
		MaxIdleConns:        clients * 2,
		MaxIdleConnsPerHost: clients * 2,
		MaxConnsPerHost:     clients * 2,
		IdleConnTimeout:     time.Minute,
		DisableCompression:  true,
	}
	return &http.Client{Transport: tr, Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
}

// step is one request of a client; it returns the bytes read or an error.
type step func(ctx context.Context, client int, i int) (int64, error)

// run runs step from opt.Clients goroutines for opt.Warmup (not counted)
// and then opt.Duration, and summarises what it saw.
func run(ctx context.Context, name string, opt Options, do step) Result {
	type sample struct {
		lat   []time.Duration
		errs  int
		bytes int64
		first []string
	}
	samples := make([]sample, opt.Clients)
	var wg sync.WaitGroup
	start := time.Now()
	measureFrom := start.Add(opt.Warmup)
	end := measureFrom.Add(opt.Duration)
	ctx, cancel := context.WithDeadline(ctx, end.Add(30*time.Second))
	defer cancel()
	for c := 0; c < opt.Clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			s := &samples[c]
			for i := 0; ; i++ {
				t0 := time.Now()
				if !t0.Before(end) {
					return
				}
				n, err := do(ctx, c, i)
				d := time.Since(t0)
				if t0.Before(measureFrom) {
					continue
				}
				s.lat = append(s.lat, d)
				s.bytes += n
				if err != nil {
					s.errs++
					if len(s.first) < 3 {
						s.first = append(s.first, err.Error())
					}
				}
			}
		}(c)
	}
	wg.Wait()
	elapsed := time.Since(measureFrom)
	var all []time.Duration
	res := Result{Scenario: name, Clients: opt.Clients, Duration: elapsed}
	for _, s := range samples {
		all = append(all, s.lat...)
		res.Errors += s.errs
		res.Bytes += s.bytes
		for _, e := range s.first {
			if len(res.FirstErrors) < 5 {
				res.FirstErrors = append(res.FirstErrors, e)
			}
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	res.Requests = len(all)
	if len(all) > 0 {
		res.P50, res.P90, res.P99, res.Max = percentile(all, 0.50), percentile(all, 0.90), percentile(all, 0.99), all[len(all)-1]
	}
	res.Throughput = float64(res.Requests) / elapsed.Seconds()
	return res
}

// drain reads and closes a response body, returning its size.
func drain(resp *http.Response) int64 {
	n, _ := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return n
}

// percentile picks the p-th (0–1) of latencies sorted ascending; zero for
// none.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}

// ms writes a latency in milliseconds with one decimal.
func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

// String formats a result for the terminal and for docs/performance.md.
func (r Result) String() string {
	s := fmt.Sprintf("%s: %d clients, %.1f s, %d requests, %.0f req/s, p50 %s, p90 %s, p99 %s, max %s, %d errors",
		r.Scenario, r.Clients, r.Duration.Seconds(), r.Requests, r.Throughput, ms(r.P50), ms(r.P90), ms(r.P99), ms(r.Max), r.Errors)
	if r.Verified > 0 || r.Lost > 0 {
		s += fmt.Sprintf(", %d acknowledged writes verified, %d lost", r.Verified, r.Lost)
	}
	return s
}
