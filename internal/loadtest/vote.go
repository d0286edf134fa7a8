package loadtest

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A meeting hall votes: every voter opens the ballot of their code and
// submits it, Concurrency of them at a time, as fast as the server lets
// them. Each voter is two requests (the ballot page, the vote).

// VoteOptions configure a hall.
type VoteOptions struct {
	URL         string
	Concurrency int
	Codes       []string
	// Units are the units on the ballot and Options how many options it has.
	Units   []int64
	Options int
	// Within spreads the voters' arrivals evenly over this time (a hall
	// filling its ballots); zero sends them as fast as the server takes
	// them. Think is each voter's pause between ballot and vote.
	Within time.Duration
	Think  time.Duration
}

// VoteResult summarises a hall.
type VoteResult struct {
	Voters     int           `json:"voters"`
	Cast       int           `json:"cast"`
	Errors     int           `json:"errors"`
	Requests   int           `json:"requests"`
	Duration   time.Duration `json:"duration_ns"`
	Throughput float64       `json:"requests_per_second"`
	VotersPerS float64       `json:"voters_per_second"`
	P50        time.Duration `json:"p50_ns"`
	P95        time.Duration `json:"p95_ns"`
	P99        time.Duration `json:"p99_ns"`
	Max        time.Duration `json:"max_ns"`
	// The vote requests alone.
	VoteP50     time.Duration `json:"vote_p50_ns"`
	VoteP99     time.Duration `json:"vote_p99_ns"`
	FirstErrors []string      `json:"first_errors,omitempty"`
}

var ownUnitRe = regexp.MustCompile(`data-own="(\d+)"`)

// Vote runs the hall and reports.
func Vote(ctx context.Context, opt VoteOptions) VoteResult {
	client := NewClient(opt.Concurrency)
	codes := make(chan string)
	var mu sync.Mutex
	var all, votes []time.Duration
	res := VoteResult{Voters: len(opt.Codes)}
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		res.Errors++
		if len(res.FirstErrors) < 5 {
			res.FirstErrors = append(res.FirstErrors, err.Error())
		}
	}
	voter := func(code string) {
		t0 := time.Now()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, opt.URL+"/v/"+code, nil)
		resp, err := client.Do(req)
		if err != nil {
			fail(err)
			return
		}
		var body bytes.Buffer
		_, err = body.ReadFrom(resp.Body)
		resp.Body.Close()
		d1 := time.Since(t0)
		if err != nil || resp.StatusCode != http.StatusOK {
			fail(fmt.Errorf("ballot %s: %d %v", code, resp.StatusCode, err))
			return
		}
		own := ""
		if m := ownUnitRe.FindStringSubmatch(body.String()); m != nil {
			own = m[1]
		}
		form := url.Values{}
		for _, u := range opt.Units {
			id := strconv.FormatInt(u, 10)
			if id == own {
				continue
			}
			form.Set("u"+id, strconv.Itoa(1+rand.IntN(opt.Options)))
		}
		if opt.Think > 0 {
			time.Sleep(opt.Think)
		}
		t1 := time.Now()
		req, _ = http.NewRequestWithContext(ctx, http.MethodPost, opt.URL+"/v/"+code, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err = client.Do(req)
		d2 := time.Since(t1)
		if err != nil {
			fail(err)
			return
		}
		drain(resp)
		mu.Lock()
		all = append(all, d1, d2)
		votes = append(votes, d2)
		mu.Unlock()
		if resp.StatusCode != http.StatusSeeOther {
			fail(fmt.Errorf("vote %s: status %d", code, resp.StatusCode))
			return
		}
		mu.Lock()
		res.Cast++
		mu.Unlock()
	}
	start := time.Now()
	var wg sync.WaitGroup
	for range opt.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range codes {
				voter(c)
			}
		}()
	}
	for i, c := range opt.Codes {
		if opt.Within > 0 {
			if wait := time.Until(start.Add(opt.Within * time.Duration(i) / time.Duration(len(opt.Codes)))); wait > 0 {
				time.Sleep(wait)
			}
		}
		codes <- c
	}
	close(codes)
	wg.Wait()
	res.Duration = time.Since(start)
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	sort.Slice(votes, func(i, j int) bool { return votes[i] < votes[j] })
	res.Requests = len(all)
	res.P50, res.P95, res.P99 = percentile(all, .5), percentile(all, .95), percentile(all, .99)
	if len(all) > 0 {
		res.Max = all[len(all)-1]
	}
	res.VoteP50, res.VoteP99 = percentile(votes, .5), percentile(votes, .99)
	res.Throughput = float64(res.Requests) / res.Duration.Seconds()
	res.VotersPerS = float64(res.Cast) / res.Duration.Seconds()
	return res
}

// String formats a hall's result for the terminal and docs/performance.md.
func (r VoteResult) String() string {
	return fmt.Sprintf("vote: %d voters, %d cast in %.1f s (%.0f voters/s, %.0f req/s), %d requests p50 %s, p95 %s, p99 %s, max %s; votes alone p50 %s, p99 %s; %d errors",
		r.Voters, r.Cast, r.Duration.Seconds(), r.VotersPerS, r.Throughput, r.Requests, ms(r.P50), ms(r.P95), ms(r.P99), ms(r.Max),
		ms(r.VoteP50), ms(r.VoteP99), r.Errors)
}
