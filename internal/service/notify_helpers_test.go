package service_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/notify"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
)

// as returns the principal of a fixture login.
func as(t *testing.T, env *apptest.Env, login string) *service.Principal {
	t.Helper()
	a, err := env.App.DB.Read().AccountByLogin(context.Background(), login)
	if err != nil {
		t.Fatal(err)
	}
	return &service.Principal{Account: a}
}

// enqueue notifies inside a write transaction, as callers do.
func enqueue(t *testing.T, env *apptest.Env, msgs ...notify.Message) {
	t.Helper()
	ctx := context.Background()
	if err := env.App.DB.Update(ctx, func(tx *store.Tx) error { return env.App.Service.Notify(ctx, tx, msgs...) }); err != nil {
		t.Fatal(err)
	}
}

func msg(env *apptest.Env, login, key, subject string) notify.Message {
	return notify.Message{To: env.Fix.Accounts[login], Kind: "test.urge", Subject: subject, Body: "请按时反馈。", Link: "/tasks/1", Key: key}
}

func deliveries(t *testing.T, env *apptest.Env, f store.DeliveryFilter) []store.Delivery {
	t.Helper()
	ds, err := env.App.DB.Read().Deliveries(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func deliver(t *testing.T, env *apptest.Env, now time.Time) service.DeliveryReport {
	t.Helper()
	rep, err := env.App.Service.DeliverDue(context.Background(), now)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// robotServer is a fake group robot that checks DingTalk's and Feishu's
// signatures on its own and records the text of what it receives.
type robotServer struct {
	t       *testing.T
	srv     *httptest.Server
	secret  string
	mu      sync.Mutex
	texts   []string
	fail    string // answered instead of success while set
	counter map[string]int
}

func newRobot(t *testing.T, kind domain.Channel, secret string) *robotServer {
	r := &robotServer{t: t, secret: secret, counter: map[string]int{}}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		raw, _ := io.ReadAll(req.Body)
		var body map[string]any
		json.Unmarshal(raw, &body)
		text := ""
		switch kind {
		case domain.ChannelDingTalk:
			ts, _ := strconv.ParseInt(req.URL.Query().Get("timestamp"), 10, 64)
			mac := hmac.New(sha256.New, []byte(secret))
			mac.Write([]byte(req.URL.Query().Get("timestamp") + "\n" + secret))
			if want := base64.StdEncoding.EncodeToString(mac.Sum(nil)); req.URL.Query().Get("sign") != want || time.Since(time.UnixMilli(ts)) > time.Hour {
				io.WriteString(w, `{"errcode":310000,"errmsg":"sign not match"}`)
				return
			}
			text = body["markdown"].(map[string]any)["text"].(string)
		case domain.ChannelWeCom:
			text = body["markdown"].(map[string]any)["content"].(string)
		case domain.ChannelFeishu:
			ts, _ := body["timestamp"].(string)
			mac := hmac.New(sha256.New, []byte(ts+"\n"+secret))
			if body["sign"] != base64.StdEncoding.EncodeToString(mac.Sum(nil)) {
				io.WriteString(w, `{"code":19021,"msg":"sign match fail"}`)
				return
			}
			text = body["content"].(map[string]any)["text"].(string)
		}
		r.mu.Lock()
		fail := r.fail
		if fail == "" {
			r.texts = append(r.texts, text)
		}
		r.mu.Unlock()
		if fail != "" {
			io.WriteString(w, fail)
			return
		}
		if kind == domain.ChannelFeishu {
			io.WriteString(w, `{"code":0,"msg":"success"}`)
		} else {
			io.WriteString(w, `{"errcode":0,"errmsg":"ok"}`)
		}
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *robotServer) received() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.texts...)
}

func (r *robotServer) setFail(answer string) {
	r.mu.Lock()
	r.fail = answer
	r.mu.Unlock()
}

// setChannel configures and enables a channel as the system admin.
func setChannel(t *testing.T, env *apptest.Env, ch domain.Channel, in service.ChannelInput) {
	t.Helper()
	in.Enabled = true
	if _, err := env.App.Service.SetChannel(context.Background(), as(t, env, "sysadmin"), ch, in); err != nil {
		t.Fatalf("configure %s: %v", ch, err)
	}
}

// setEmail gives a fixture person an e-mail address.
func setEmail(t *testing.T, env *apptest.Env, person, email string) {
	t.Helper()
	ctx := context.Background()
	id := env.Fix.People[person]
	p, err := env.App.DB.Read().Person(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.Service.UpdatePerson(ctx, service.SystemPrincipal("test"), id, service.PersonInput{Name: p.Name, UnitID: p.UnitID,
		Title: p.Title, Phone: p.Phone, Email: email}); err != nil {
		t.Fatal(err)
	}
}
