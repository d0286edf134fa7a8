package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
)

// zeros is an endless body of ASCII zeros, so that oversized requests cost
// no memory in the test.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '0'
	}
	return len(p), nil
}

// An oversized body is refused with 413 and a Chinese message before
// anything (the CSRF check included) reads the form: not a CSRF refusal,
// not a 400, not an error page of the server.
func TestOversizedBodies(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		b := login(t, env, "office")
		check := func(what string, req *http.Request, want string) {
			t.Helper()
			resp, body := b.do(req)
			if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, want) {
				t.Errorf("%s: %d, want 413 with a message:\n%.400s", what, resp.StatusCode, body)
			}
		}
		// A plain form, the CSRF token first and a field too long after it.
		form := "csrf=" + url.QueryEscape(b.csrf) + "&title="
		req, _ := http.NewRequest("POST", env.URL+"/tasks", io.MultiReader(strings.NewReader(form), io.LimitReader(zeros{}, 12<<20)))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		check("task form", req, "提交的内容超过 1 MB 的大小限制")

		// A sheet larger than the import allows.
		const boundary = "luoshiboundary"
		head := "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + b.csrf + "\r\n" +
			"--" + boundary + "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\ntasks\r\n" +
			"--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\n"
		tail := "\r\n--" + boundary + "--\r\n"
		req, _ = http.NewRequest("POST", env.URL+"/import", io.MultiReader(strings.NewReader(head), io.LimitReader(zeros{}, 40<<20), strings.NewReader(tail)))
		req.Header.Set("Content-Type", "multipart/form-data; boundary="+boundary)
		check("import upload", req, "文件超过 30 MB，请拆分后导入")

		// The login form, before any session exists.
		anon := env.Client()
		req, _ = http.NewRequest("POST", env.URL+"/login", io.MultiReader(strings.NewReader("login=office&password="), io.LimitReader(zeros{}, 1<<20)))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := anon.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), "提交的内容超过 16 KB 的大小限制") {
			t.Errorf("login: %d, want 413 with a message:\n%.400s", resp.StatusCode, body)
		}

		// A form within the limit still works.
		if r := b.post("/plans", url.Values{"name": {"2024年计划"}, "year": {"2024"}}); r.StatusCode != http.StatusSeeOther {
			t.Errorf("a normal form: %d", r.StatusCode)
		}
	})
}
