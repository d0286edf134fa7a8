package apptest

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestStartServesHealth(t *testing.T) {
	Each(t, Options{}, func(t *testing.T, env *Env) {
		resp, err := http.Get(env.URL + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), `"status":"ok"`) {
			t.Fatalf("healthz: %d %s", resp.StatusCode, body)
		}
		if len(env.Fix.Tasks) != 5 || env.Fix.Accounts["office"] == 0 || env.Fix.Accounts["auditor"] == 0 {
			t.Fatalf("fixture: %+v", env.Fix)
		}
		resp, err = http.Get(env.URL + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		body, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(body), `luoshi_http_requests_total{code="200",route="GET /healthz"}`) {
			t.Fatalf("metrics lack the healthz request:\n%.2000s", body)
		}
	})
}
