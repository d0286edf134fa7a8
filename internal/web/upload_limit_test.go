package web_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
)

// The case ledger and calendar uploads have their own limits, larger than
// an ordinary form's 1 MB: a file over 1 MB reaches the file's own checks,
// and one over the upload's limit is refused with that limit's message.
func TestLedgerAndCalendarUploadLimits(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		const boundary = "luoshiboundary"
		upload := func(b *browser, path string, size int64) (int, string) {
			t.Helper()
			head := "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + b.csrf + "\r\n" +
				"--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\n"
			tail := "\r\n--" + boundary + "--\r\n"
			req, _ := http.NewRequest("POST", env.URL+path, io.MultiReader(strings.NewReader(head), io.LimitReader(zeros{}, size), strings.NewReader(tail)))
			req.Header.Set("Content-Type", "multipart/form-data; boundary="+boundary)
			resp, body := b.do(req)
			return resp.StatusCode, body
		}
		office := login(t, env, "office")
		if code, body := upload(office, "/cases/import", 3<<20); code == http.StatusRequestEntityTooLarge || strings.Contains(body, "1 MB") {
			t.Errorf("a 3 MB ledger was refused by the form limit: %d\n%.400s", code, body)
		}
		if code, body := upload(office, "/cases/import", 40<<20); code != http.StatusRequestEntityTooLarge || !strings.Contains(body, "文件超过 30 MB，请拆分后导入") {
			t.Errorf("a 40 MB ledger: %d, want 413 naming 30 MB\n%.400s", code, body)
		}
		sys := login(t, env, "sysadmin")
		if code, body := upload(sys, "/calendar/import", 1536<<10); code == http.StatusRequestEntityTooLarge || strings.Contains(body, "1 MB") {
			t.Errorf("a 1.5 MB calendar file was refused by the form limit: %d\n%.400s", code, body)
		}
		if code, body := upload(sys, "/calendar/import", 5<<20); code != http.StatusRequestEntityTooLarge || !strings.Contains(body, "文件过大（最大 2 MB）") {
			t.Errorf("a 5 MB calendar file: %d, want 413 naming 2 MB\n%.400s", code, body)
		}
	})
}
