package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The group robots of DingTalk, WeCom and Feishu post to one group chat:
// a person who chose one gets their messages there, addressed by name (and
// by phone on DingTalk, which then @-mentions them).

// robotText is the longest text a robot message carries.
const robotText = 3000

// DingTalkSign signs a DingTalk robot call: base64 of HMAC-SHA256 keyed by
// the secret over "timestamp\nsecret", with the timestamp in milliseconds.
func DingTalkSign(secret string, millis int64) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(strconv.FormatInt(millis, 10) + "\n" + secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// FeishuSign signs a Feishu robot call: base64 of HMAC-SHA256 keyed by
// "timestamp\nsecret" over an empty message, with the timestamp in seconds.
func FeishuSign(secret string, seconds int64) string {
	mac := hmac.New(sha256.New, []byte(strconv.FormatInt(seconds, 10)+"\n"+secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

type dingTalk struct {
	webhook, secret string
	http            *http.Client
	now             func() time.Time
}

func (d *dingTalk) Send(ctx context.Context, e Envelope) error {
	u, err := url.Parse(d.webhook)
	if err != nil {
		return fmt.Errorf("dingtalk: webhook: %w", err)
	}
	if d.secret != "" {
		ms := d.now().UnixMilli()
		q := u.Query()
		q.Set("timestamp", strconv.FormatInt(ms, 10))
		q.Set("sign", DingTalkSign(d.secret, ms))
		u.RawQuery = q.Encode()
	}
	text := "#### " + oneLine(e.Subject) + "\n\n" + clip(e.Body, robotText)
	if e.Link != "" {
		text += "\n\n[查看详情](" + e.Link + ")"
	}
	at := map[string]any{}
	if e.To.Phone != "" {
		text += "\n\n@" + e.To.Phone
		at["atMobiles"] = []string{e.To.Phone}
	} else if e.To.Name != "" {
		text += "\n\n" + e.To.Name
	}
	body := map[string]any{"msgtype": "markdown", "markdown": map[string]string{"title": oneLine(e.Subject), "text": text}, "at": at}
	var res struct {
		Code *int   `json:"errcode"`
		Msg  string `json:"errmsg"`
	}
	if err := post(ctx, d.http, "dingtalk", u.String(), body, &res); err != nil {
		return err
	}
	if res.Code == nil || *res.Code != 0 {
		return fmt.Errorf("dingtalk: errcode %v: %s", deref(res.Code), res.Msg)
	}
	return nil
}

type weCom struct {
	webhook string
	http    *http.Client
}

func (w *weCom) Send(ctx context.Context, e Envelope) error {
	content := "**" + oneLine(e.Subject) + "**\n" + clip(e.Body, robotText)
	if e.Link != "" {
		content += "\n[查看详情](" + e.Link + ")"
	}
	if e.To.Name != "" {
		content += "\n> " + e.To.Name
	}
	body := map[string]any{"msgtype": "markdown", "markdown": map[string]string{"content": content}}
	var res struct {
		Code *int   `json:"errcode"`
		Msg  string `json:"errmsg"`
	}
	if err := post(ctx, w.http, "wecom", w.webhook, body, &res); err != nil {
		return err
	}
	if res.Code == nil || *res.Code != 0 {
		return fmt.Errorf("wecom: errcode %v: %s", deref(res.Code), res.Msg)
	}
	return nil
}

type feishu struct {
	webhook, secret string
	http            *http.Client
	now             func() time.Time
}

func (f *feishu) Send(ctx context.Context, e Envelope) error {
	text := oneLine(e.Subject) + "\n" + clip(e.Body, robotText)
	if e.Link != "" {
		text += "\n" + e.Link
	}
	if e.To.Name != "" {
		text += "\n" + e.To.Name
	}
	body := map[string]any{"msg_type": "text", "content": map[string]string{"text": text}}
	if f.secret != "" {
		sec := f.now().Unix()
		body["timestamp"] = strconv.FormatInt(sec, 10)
		body["sign"] = FeishuSign(f.secret, sec)
	}
	// Feishu answers {"code":0,…}; older deployments {"StatusCode":0,…}.
	var res struct {
		Code       *int   `json:"code"`
		Msg        string `json:"msg"`
		StatusCode *int   `json:"StatusCode"`
	}
	if err := post(ctx, f.http, "feishu", f.webhook, body, &res); err != nil {
		return err
	}
	code := res.Code
	if code == nil {
		code = res.StatusCode
	}
	if code == nil || *code != 0 {
		return fmt.Errorf("feishu: code %v: %s", deref(code), res.Msg)
	}
	return nil
}

// post sends JSON and decodes the JSON answer into out.
func post(ctx context.Context, c *http.Client, name, to string, body, out any) error {
	raw, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, to, bytes.NewReader(raw))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := c.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", name, redact(err, to))
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: HTTP %d: %s", name, resp.StatusCode, clip(strings.TrimSpace(string(data)), 200))
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s: unreadable answer: %s", name, clip(string(data), 200))
	}
	return nil
}

// redact keeps a webhook's token out of error text (shown to the sysadmin
// and stored with failed deliveries): only the host is named.
func redact(err error, webhook string) error {
	host := "webhook"
	if u, perr := url.Parse(webhook); perr == nil {
		host = u.Host
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s %s: %v", ue.Op, host, ue.Err)
	}
	return fmt.Errorf("post to %s failed", host)
}

func deref(p *int) any {
	if p == nil {
		return "missing"
	}
	return *p
}
