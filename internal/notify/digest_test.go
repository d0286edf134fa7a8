package notify_test

import (
	"strings"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
	"github.com/luoshi/luoshi/internal/notify"
)

func TestDigestGroupsByKind(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	at := func(h, m int) time.Time { return time.Date(2023, 7, 14, h, m, 0, 0, cst).UTC() }
	items := []domain.Notification{
		{Kind: "test.urge", Subject: "催办：老旧小区改造", Link: "/cases/1", CreatedAt: at(9, 5)},
		{Kind: "test.assigned", Subject: "交办：背街小巷整治", Link: "/cases/2", CreatedAt: at(10, 0)},
		{Kind: "test.urge", Subject: "催办：智慧停车", CreatedAt: at(16, 30)},
	}
	p := i18n.Default().Printer(i18n.ZhHans)
	subject, body := notify.Digest(p, "2023-07-15", items, "https://luoshi.example.gov.cn/", cst)
	if subject != "2023-07-15 消息汇总（3 条）" {
		t.Errorf("subject %q", subject)
	}
	want := strings.Join([]string{
		"共 3 条新消息：",
		"",
		"【test.urge】2 条",
		"· 07-14 09:05 催办：老旧小区改造  https://luoshi.example.gov.cn/cases/1",
		"· 07-14 16:30 催办：智慧停车",
		"",
		"【test.assigned】1 条",
		"· 07-14 10:00 交办：背街小巷整治  https://luoshi.example.gov.cn/cases/2",
	}, "\n")
	if body != want {
		t.Errorf("body:\n%s\nwant:\n%s", body, want)
	}
	// In English, with a kind the catalog names.
	en := i18n.Default().Printer(i18n.En)
	subject, body = notify.Digest(en, "2023-07-15", items[:1], "", cst)
	if subject != "2023-07-15 digest (1 messages)" || !strings.Contains(body, "· 07-14 09:05 催办：老旧小区改造  /cases/1") {
		t.Errorf("en: %q\n%s", subject, body)
	}
}

func TestAbsolute(t *testing.T) {
	for _, c := range [][3]string{
		{"https://x.cn/", "/cases/1", "https://x.cn/cases/1"},
		{"https://x.cn", "/cases/1", "https://x.cn/cases/1"},
		{"", "/cases/1", "/cases/1"},
		{"https://x.cn", "", ""},
	} {
		if got := notify.Absolute(c[0], c[1]); got != c[2] {
			t.Errorf("Absolute(%q, %q) = %q", c[0], c[1], got)
		}
	}
}
