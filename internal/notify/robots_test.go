package notify_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/notify"
)

// The wall clock the robots sign with: 2023-07-15 09:00 in China.
var signAt = time.Date(2023, 7, 15, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))

func clock() time.Time { return signAt }

var envelope = notify.Envelope{
	To:      notify.Recipient{Name: "张联络", Phone: "13800000001", Email: "zhang@example.gov.cn"},
	Subject: "督办提醒：老旧小区改造",
	Body:    "请于7月20日前反馈办理情况。",
	Link:    "https://luoshi.example.gov.cn/cases/17",
}

// Signatures against values computed independently (Python's hmac), so a
// wrong formula cannot pass by agreeing with itself.
func TestSignatures(t *testing.T) {
	if got := notify.DingTalkSign("SEC0123456789abcdef", 1689382800000); got != "KzlxY01n7GcLwRm08/QzkwGe2OQVdOtjro8n8I9Fyq8=" {
		t.Errorf("DingTalk sign %s", got)
	}
	if got := notify.FeishuSign("feishu-secret-xyz", 1689382800); got != "Bhr8UCjTFkA04OtoDHfcY2KGtfQvJ9Yg5zSDdFDNnCk=" {
		t.Errorf("Feishu sign %s", got)
	}
}

// robot is a fake robot endpoint that records what it was sent.
type robot struct {
	mu     sync.Mutex
	reqs   []*http.Request
	bodies []map[string]any
	answer string
	status int
}

func (r *robot) server(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		raw, _ := io.ReadAll(req.Body)
		var body map[string]any
		if err := json.Unmarshal(raw, &body); err != nil {
			t.Errorf("body is not JSON: %s", raw)
		}
		if ct := req.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("content type %q", ct)
		}
		r.mu.Lock()
		r.reqs = append(r.reqs, req)
		r.bodies = append(r.bodies, body)
		r.mu.Unlock()
		if r.status != 0 {
			w.WriteHeader(r.status)
		}
		io.WriteString(w, r.answer)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func sender(t *testing.T, ch domain.Channel, c notify.Config) notify.Sender {
	t.Helper()
	s, err := notify.NewSender(ch, c, notify.Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestDingTalk(t *testing.T) {
	r := &robot{answer: `{"errcode":0,"errmsg":"ok"}`}
	srv := r.server(t)
	secret := "SEC0123456789abcdef"
	s := sender(t, domain.ChannelDingTalk, notify.Config{Webhook: srv.URL + "/robot/send?access_token=tok123", Secret: secret})
	if err := s.Send(context.Background(), envelope); err != nil {
		t.Fatal(err)
	}
	q := r.reqs[0].URL.Query()
	if q.Get("access_token") != "tok123" || q.Get("timestamp") != "1689382800000" {
		t.Errorf("query %v", q)
	}
	// The sign parameter arrives URL-decoded as the base64 signature.
	if q.Get("sign") != "KzlxY01n7GcLwRm08/QzkwGe2OQVdOtjro8n8I9Fyq8=" || !strings.Contains(r.reqs[0].URL.RawQuery, "sign=KzlxY01n7GcLwRm08%2FQzkwGe2OQVdOtjro8n8I9Fyq8%3D") {
		t.Errorf("sign %q in %s", q.Get("sign"), r.reqs[0].URL.RawQuery)
	}
	b := r.bodies[0]
	md := b["markdown"].(map[string]any)
	if b["msgtype"] != "markdown" || md["title"] != envelope.Subject || !strings.Contains(md["text"].(string), envelope.Body) ||
		!strings.Contains(md["text"].(string), "(https://luoshi.example.gov.cn/cases/17)") || !strings.Contains(md["text"].(string), "@13800000001") {
		t.Errorf("body %v", b)
	}
	if at := b["at"].(map[string]any)["atMobiles"].([]any); len(at) != 1 || at[0] != "13800000001" {
		t.Errorf("at %v", b["at"])
	}
	// Without a secret, no signature.
	s = sender(t, domain.ChannelDingTalk, notify.Config{Webhook: srv.URL + "/robot/send?access_token=tok123"})
	if err := s.Send(context.Background(), envelope); err != nil {
		t.Fatal(err)
	}
	if q := r.reqs[1].URL.Query(); q.Has("sign") || q.Has("timestamp") {
		t.Errorf("unsigned call carries %v", q)
	}
	// DingTalk's refusal is an error that names its reason and not the token.
	r.answer = `{"errcode":310000,"errmsg":"sign not match"}`
	err := sender(t, domain.ChannelDingTalk, notify.Config{Webhook: srv.URL + "/robot/send?access_token=tok123", Secret: "wrong"}).Send(context.Background(), envelope)
	if err == nil || !strings.Contains(err.Error(), "310000") || !strings.Contains(err.Error(), "sign not match") || strings.Contains(err.Error(), "tok123") {
		t.Errorf("refusal: %v", err)
	}
}

func TestWeCom(t *testing.T) {
	r := &robot{answer: `{"errcode":0,"errmsg":"ok"}`}
	srv := r.server(t)
	s := sender(t, domain.ChannelWeCom, notify.Config{Webhook: srv.URL + "/cgi-bin/webhook/send?key=k-693a91f6"})
	if err := s.Send(context.Background(), envelope); err != nil {
		t.Fatal(err)
	}
	if r.reqs[0].URL.Query().Get("key") != "k-693a91f6" {
		t.Errorf("key lost: %s", r.reqs[0].URL)
	}
	b := r.bodies[0]
	content := b["markdown"].(map[string]any)["content"].(string)
	if b["msgtype"] != "markdown" || !strings.HasPrefix(content, "**督办提醒：老旧小区改造**\n") || !strings.Contains(content, envelope.Body) ||
		!strings.Contains(content, "[查看详情](https://luoshi.example.gov.cn/cases/17)") || !strings.Contains(content, "张联络") {
		t.Errorf("body %v", b)
	}
	r.answer = `{"errcode":93000,"errmsg":"invalid webhook url"}`
	if err := s.Send(context.Background(), envelope); err == nil || !strings.Contains(err.Error(), "93000") || strings.Contains(err.Error(), "k-693a91f6") {
		t.Errorf("refusal: %v", err)
	}
	r.answer, r.status = `busy`, http.StatusServiceUnavailable
	if err := s.Send(context.Background(), envelope); err == nil || !strings.Contains(err.Error(), "HTTP 503") {
		t.Errorf("HTTP error: %v", err)
	}
}

func TestFeishu(t *testing.T) {
	r := &robot{answer: `{"code":0,"msg":"success","data":{}}`}
	srv := r.server(t)
	s := sender(t, domain.ChannelFeishu, notify.Config{Webhook: srv.URL + "/open-apis/bot/v2/hook/hook-token-1", Secret: "feishu-secret-xyz"})
	if err := s.Send(context.Background(), envelope); err != nil {
		t.Fatal(err)
	}
	b := r.bodies[0]
	if b["timestamp"] != "1689382800" || b["sign"] != "Bhr8UCjTFkA04OtoDHfcY2KGtfQvJ9Yg5zSDdFDNnCk=" || b["msg_type"] != "text" {
		t.Errorf("body %v", b)
	}
	text := b["content"].(map[string]any)["text"].(string)
	if !strings.HasPrefix(text, envelope.Subject+"\n") || !strings.Contains(text, envelope.Body) || !strings.Contains(text, envelope.Link) {
		t.Errorf("text %q", text)
	}
	// The older answer format counts too; a non-zero code is a refusal.
	r.answer = `{"StatusCode":0,"StatusMessage":"success"}`
	if err := s.Send(context.Background(), envelope); err != nil {
		t.Errorf("old answer: %v", err)
	}
	r.answer = `{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}`
	if err := s.Send(context.Background(), envelope); err == nil || !strings.Contains(err.Error(), "19021") || strings.Contains(err.Error(), "hook-token-1") {
		t.Errorf("refusal: %v", err)
	}
	// An unreachable robot: the error names the host, never the token.
	srv.Close()
	if err := s.Send(context.Background(), envelope); err == nil || strings.Contains(err.Error(), "hook-token-1") {
		t.Errorf("unreachable: %v", err)
	}
}
