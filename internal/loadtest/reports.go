package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/luoshi/luoshi/internal/domain"
)

// Reporter is a liaison and the tasks its unit leads.
type Reporter struct {
	Login   string
	TaskIDs []domain.ID
}

// apiToken gets a bearer token by password.
func apiToken(ctx context.Context, client *http.Client, base, login, password string) (string, error) {
	body, _ := json.Marshal(map[string]string{"login": login, "password": password, "name": "load test"})
	req, _ := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/tokens", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var out struct {
		Token string `json:"token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusCreated {
		return "", fmt.Errorf("token for %s: status %d", login, resp.StatusCode)
	}
	return out.Token, nil
}

// Reports has each client submit progress reports as one liaison, on
// distinct (task, date) pairs so that every acknowledged submission is a
// row of its own, then reads every acknowledged report back.
func Reports(ctx context.Context, opt Options, reporters []Reporter, password string, dates []domain.Date) (Result, error) {
	if len(reporters) == 0 || len(dates) == 0 {
		return Result{}, fmt.Errorf("nothing to report on")
	}
	client := NewClient(opt.Clients)
	tokens := make([]string, opt.Clients)
	for c := range tokens {
		r := reporters[c%len(reporters)]
		if c < len(reporters) {
			tok, err := apiToken(ctx, client, opt.URL, r.Login, password)
			if err != nil {
				return Result{}, err
			}
			tokens[c] = tok
		} else {
			tokens[c] = tokens[c%len(reporters)]
		}
	}
	var mu sync.Mutex
	acked := map[int][]domain.ID{}
	var seq atomic.Int64
	res := run(ctx, "report submissions", opt, func(ctx context.Context, c, i int) (int64, error) {
		r := reporters[c%len(reporters)]
		// Clients sharing a liaison take turns through the same pairs.
		k := int(seq.Add(1)) + c*1_000_003
		if len(reporters) >= opt.Clients {
			k = i
		}
		task := r.TaskIDs[k%len(r.TaskIDs)]
		date := dates[(k/len(r.TaskIDs))%len(dates)]
		body, _ := json.Marshal(map[string]any{"date": date.String(), "progress": float64(30 + k%70), "submit": true,
			"done": fmt.Sprintf("本周完成第%d批次工作，累计完成%d%%。", k, 30+k%70), "next_steps": "继续按节点推进"})
		req, _ := http.NewRequestWithContext(ctx, "POST", fmt.Sprintf("%s/api/v1/tasks/%d/reports", opt.URL, task), bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tokens[c])
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		var out struct {
			ID domain.ID `json:"id"`
		}
		err = json.NewDecoder(resp.Body).Decode(&out)
		n := drain(resp)
		if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusCreated {
			return n, fmt.Errorf("POST report: %d", resp.StatusCode)
		}
		if err != nil || out.ID == 0 {
			return n, fmt.Errorf("POST report: no id in the answer")
		}
		mu.Lock()
		acked[c] = append(acked[c], out.ID)
		mu.Unlock()
		return n, nil
	})
	// Every acknowledged submission must be there to read back.
	for c, ids := range acked {
		seen := map[domain.ID]bool{}
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			req, _ := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s/api/v1/reports/%d", opt.URL, id), nil)
			req.Header.Set("Authorization", "Bearer "+tokens[c])
			resp, err := client.Do(req)
			if err != nil {
				return res, err
			}
			drain(resp)
			if resp.StatusCode == http.StatusOK {
				res.Verified++
			} else {
				res.Lost++
			}
		}
	}
	return res, nil
}
