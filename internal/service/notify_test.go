package service_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/notify"
	"github.com/luoshi/luoshi/internal/notify/notifytest"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
)

// With nothing configured every notification reaches the inbox and the
// server log; the same event never notifies a recipient twice; a failing
// transaction notifies nobody.
func TestNotifyInboxDedupeAndLog(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		svc := env.App.Service
		now := svc.Now()
		enqueue(t, env, msg(env, "zjj_lly", "task:1:urge", "催办：老旧小区改造提升"), msg(env, "czj_lly", "task:1:urge", "催办：老旧小区改造提升"))
		enqueue(t, env, msg(env, "zjj_lly", "task:1:urge", "催办：老旧小区改造提升（重复）"))
		inbox, err := svc.Inbox(ctx, as(t, env, "zjj_lly"), store.NotificationFilter{})
		if err != nil || inbox.Total != 1 || inbox.Unread != 1 || inbox.Items[0].Subject != "催办：老旧小区改造提升" || inbox.Items[0].Link != "/tasks/1" {
			t.Fatalf("inbox: %+v %v", inbox, err)
		}
		ds := deliveries(t, env, store.DeliveryFilter{})
		if len(ds) != 2 || ds[0].Channel != domain.ChannelLog || ds[0].State != store.DeliveryPending {
			t.Fatalf("deliveries: %+v", ds)
		}
		if rep := deliver(t, env, now); rep.Sent != 2 {
			t.Errorf("deliver: %+v", rep)
		}
		if rep := deliver(t, env, now); rep != (service.DeliveryReport{}) {
			t.Errorf("second deliver: %+v", rep)
		}
		if ds := deliveries(t, env, store.DeliveryFilter{State: store.DeliverySent}); len(ds) != 2 {
			t.Errorf("sent: %+v", ds)
		}
		// A disabled account gets the inbox entry only.
		if err := svc.SetAccountStatus(ctx, service.SystemPrincipal("test"), env.Fix.Accounts["dh_lly"], domain.AccountDisabled); err != nil {
			t.Fatal(err)
		}
		enqueue(t, env, msg(env, "dh_lly", "task:4:urge", "催办：社区养老服务站建设"))
		if n, _ := env.App.DB.Read().CountNotifications(ctx, env.Fix.Accounts["dh_lly"], true); n != 1 {
			t.Errorf("disabled account's inbox: %d", n)
		}
		if ds := deliveries(t, env, store.DeliveryFilter{AccountID: env.Fix.Accounts["dh_lly"]}); len(ds) != 0 {
			t.Errorf("a disabled account is sent messages: %+v", ds)
		}
		// The caller's transaction fails: nobody is notified.
		boom := errors.New("boom")
		err = env.App.DB.Update(ctx, func(tx *store.Tx) error {
			if err := svc.Notify(ctx, tx, msg(env, "zjj_fzr", "task:1:late", "迟报")); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		// A malformed message is the caller's bug and fails its transaction.
		err = env.App.DB.Update(ctx, func(tx *store.Tx) error {
			return svc.Notify(ctx, tx, msg(env, "zjj_fzr", "task:1:ok", "好的"), notify.Message{To: env.Fix.Accounts["zjj_fzr"], Kind: "x", Subject: "no key"})
		})
		if err == nil {
			t.Error("a message without a key was accepted")
		}
		if n, _ := env.App.DB.Read().CountNotifications(ctx, env.Fix.Accounts["zjj_fzr"], false); n != 0 {
			t.Errorf("%d notifications from failed transactions", n)
		}
	})
}

// Configured channels: mail over SMTP and the three robots, each signed as
// the platform expects; links are made absolute; a person's choices narrow
// the channels.
func TestDeliveryOnEveryChannel(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		svc := env.App.Service
		now := svc.Now()
		smtp := notifytest.Start(t, notifytest.Plain)
		ding := newRobot(t, domain.ChannelDingTalk, "SECding")
		wecom := newRobot(t, domain.ChannelWeCom, "")
		feishu := newRobot(t, domain.ChannelFeishu, "feishu-sec")
		setChannel(t, env, domain.ChannelEmail, service.ChannelInput{Host: smtp.Host, Port: smtp.Port, Security: "none", From: "区督查室 <dc@example.gov.cn>"})
		setChannel(t, env, domain.ChannelDingTalk, service.ChannelInput{Webhook: ding.srv.URL + "/robot/send?access_token=t1", Secret: "SECding"})
		setChannel(t, env, domain.ChannelWeCom, service.ChannelInput{Webhook: wecom.srv.URL + "/cgi-bin/webhook/send?key=k1"})
		setChannel(t, env, domain.ChannelFeishu, service.ChannelInput{Webhook: feishu.srv.URL + "/open-apis/bot/v2/hook/h1", Secret: "feishu-sec"})
		if _, err := svc.SetNotifySettings(ctx, as(t, env, "sysadmin"), service.NotifySettings{DigestHour: 8, BaseURL: "https://luoshi.example.gov.cn/"}); err != nil {
			t.Fatal(err)
		}
		setEmail(t, env, "张联络", "zhang@example.gov.cn")
		enqueue(t, env, msg(env, "zjj_lly", "task:1:urge", "催办：老旧小区改造提升"), msg(env, "czj_lly", "task:2:urge", "催办：财政收入稳增长"))
		// 张联络 has an address: four channels; 钱联络 none: three.
		if rep := deliver(t, env, now); rep.Sent != 7 || rep.Failed+rep.Retried != 0 {
			t.Fatalf("deliver: %+v %+v", rep, deliveries(t, env, store.DeliveryFilter{}))
		}
		mails := smtp.Mails()
		if len(mails) != 1 || mails[0].To[0] != "zhang@example.gov.cn" || mails[0].Subject != "催办：老旧小区改造提升" ||
			mails[0].Body != "请按时反馈。\n\nhttps://luoshi.example.gov.cn/tasks/1" {
			t.Errorf("mail: %+v", mails)
		}
		for name, r := range map[string]*robotServer{"dingtalk": ding, "wecom": wecom, "feishu": feishu} {
			got := r.received()
			if len(got) != 2 || !strings.Contains(got[0]+got[1], "催办：老旧小区改造提升") || !strings.Contains(got[0]+got[1], "https://luoshi.example.gov.cn/tasks/1") ||
				!strings.Contains(got[0]+got[1], "张联络") {
				t.Errorf("%s received %q", name, got)
			}
		}
		// 张联络 keeps only WeCom.
		zjj := as(t, env, "zjj_lly")
		if _, err := svc.SetNotifyPrefs(ctx, zjj, domain.NotifyPrefs{Channels: []domain.Channel{domain.ChannelWeCom}}); err != nil {
			t.Fatal(err)
		}
		enqueue(t, env, msg(env, "zjj_lly", "task:5:start", "智慧停车试点即将开始"))
		if rep := deliver(t, env, now); rep.Sent != 1 || len(wecom.received()) != 3 || len(ding.received()) != 2 || len(smtp.Mails()) != 1 {
			t.Errorf("after choosing WeCom only: %+v", rep)
		}
		// Bad choices are refused with a reason.
		czj := as(t, env, "czj_lly")
		if _, err := svc.SetNotifyPrefs(ctx, czj, domain.NotifyPrefs{Channels: []domain.Channel{domain.ChannelEmail}}); domain.ErrorKind(err) != domain.KindInvalid ||
			!strings.Contains(domain.ErrorMessage(err), "没有电子邮箱") {
			t.Errorf("e-mail without an address: %v", err)
		}
		if _, err := svc.SetNotifyPrefs(ctx, czj, domain.NotifyPrefs{Channels: []domain.Channel{"sms"}}); domain.ErrorKind(err) != domain.KindInvalid {
			t.Errorf("unknown channel: %v", err)
		}
	})
}

// A failing channel is retried with back-off, gives up after five
// attempts, and shows in the sysadmin's list, who can send it again. A
// message whose instance died while sending is never sent again on its
// own.
func TestDeliveryRetriesAndInterruptions(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		svc := env.App.Service
		now := svc.Now()
		sys := as(t, env, "sysadmin")
		wecom := newRobot(t, domain.ChannelWeCom, "")
		setChannel(t, env, domain.ChannelWeCom, service.ChannelInput{Webhook: wecom.srv.URL + "/send?key=k"})
		wecom.setFail(`{"errcode":45009,"errmsg":"api freq out of limit"}`)
		enqueue(t, env, msg(env, "zjj_lly", "task:1:urge", "催办"))
		at := now
		for attempt, wait := range []time.Duration{0, time.Minute, 4 * time.Minute, 16 * time.Minute, 64 * time.Minute} {
			at = at.Add(wait)
			if rep := deliver(t, env, at.Add(-time.Second)); attempt > 0 && rep != (service.DeliveryReport{}) {
				t.Errorf("attempt %d ran before its back-off: %+v", attempt+1, rep)
			}
			rep := deliver(t, env, at)
			if attempt < 4 && rep.Retried != 1 || attempt == 4 && rep.Failed != 1 {
				t.Fatalf("attempt %d: %+v", attempt+1, rep)
			}
		}
		failed, err := svc.Deliveries(ctx, sys, store.DeliveryFilter{State: store.DeliveryFailed})
		if err != nil || len(failed) != 1 || failed[0].Attempts != 5 || !strings.Contains(failed[0].LastError, "45009") || failed[0].Recipient != "张联络" {
			t.Fatalf("failed list: %+v %v", failed, err)
		}
		if _, err := svc.Deliveries(ctx, as(t, env, "office"), store.DeliveryFilter{}); domain.ErrorKind(err) != domain.KindForbidden {
			t.Errorf("an office reads the deliveries: %v", err)
		}
		wecom.setFail("")
		if _, err := svc.RetryDelivery(ctx, sys, failed[0].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.RetryDelivery(ctx, sys, failed[0].ID); domain.ErrorKind(err) != domain.KindConflict {
			t.Errorf("retry of a pending message: %v", err)
		}
		if rep := deliver(t, env, at); rep.Sent != 1 || len(wecom.received()) != 1 {
			t.Errorf("after the sysadmin's retry: %+v", rep)
		}
		entries, _ := env.App.DB.Read().AuditEntries(ctx, store.AuditFilter{Action: "delivery.retry"})
		if len(entries) != 1 || entries[0].Actor != "sysadmin" {
			t.Errorf("retry audit: %+v", entries)
		}
		// Another instance claims a message and dies while sending it.
		enqueue(t, env, msg(env, "zjj_lly", "task:1:urge2", "再次催办"))
		err = env.App.DB.UpdateUnaudited(ctx, func(tx *store.Tx) error {
			d, err := tx.ClaimDelivery(ctx, "dead-instance", at, at.Add(2*time.Minute))
			if d == nil && err == nil {
				err = errors.New("nothing claimed")
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if rep := deliver(t, env, at.Add(time.Minute)); rep != (service.DeliveryReport{}) {
			t.Errorf("a claimed message was touched: %+v", rep)
		}
		if rep := deliver(t, env, at.Add(2*time.Minute)); rep.Interrupted != 1 || rep.Sent != 0 {
			t.Errorf("interrupted: %+v", rep)
		}
		failed, _ = svc.Deliveries(ctx, sys, store.DeliveryFilter{State: store.DeliveryFailed})
		if len(failed) != 1 || failed[0].Subject != "再次催办" || !strings.Contains(failed[0].LastError, "interrupted") || len(wecom.received()) != 1 {
			t.Errorf("after the interruption: %+v", failed)
		}
	})
}

// A person who chose the daily digest gets one message a day at the
// configured hour, grouping the day's notifications; the inbox has each.
func TestDailyDigest(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		svc := env.App.Service
		wecom := newRobot(t, domain.ChannelWeCom, "")
		setChannel(t, env, domain.ChannelWeCom, service.ChannelInput{Webhook: wecom.srv.URL + "/send?key=k"})
		zjj := as(t, env, "zjj_lly")
		if _, err := svc.SetNotifyPrefs(ctx, zjj, domain.NotifyPrefs{Channels: []domain.Channel{domain.ChannelWeCom}, Digest: true}); err != nil {
			t.Fatal(err)
		}
		enqueue(t, env, msg(env, "zjj_lly", "a", "催办：老旧小区改造提升"), msg(env, "zjj_lly", "b", "催办：智慧停车试点"),
			notify.Message{To: env.Fix.Accounts["zjj_lly"], Kind: "test.assigned", Subject: "交办：背街小巷整治", Key: "c"},
			msg(env, "czj_lly", "a", "催办：财政收入稳增长"))
		runs := func(now time.Time) []string {
			ran, err := env.App.Jobs.RunDue(ctx, now)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range ran {
				out = append(out, r.Key)
			}
			return out
		}
		cst := svc.Location()
		// Today: only 钱联络 (immediate) is sent anything.
		runs(time.Date(2023, 7, 15, 9, 0, 30, 0, cst))
		if got := wecom.received(); len(got) != 1 || !strings.Contains(got[0], "财政收入") {
			t.Fatalf("before the digest: %q", got)
		}
		// 07:59 tomorrow: not yet.
		runs(time.Date(2023, 7, 16, 7, 59, 0, 0, cst))
		if got := wecom.received(); len(got) != 1 {
			t.Fatalf("digest before its hour: %q", got)
		}
		ran := runs(time.Date(2023, 7, 16, 8, 0, 30, 0, cst))
		if !slices.Contains(ran, "notify.digest:2023-07-16T08:00") {
			t.Errorf("ran %v", ran)
		}
		got := wecom.received()
		if len(got) != 2 {
			t.Fatalf("after the digest hour: %q", got)
		}
		d := got[1]
		for _, want := range []string{"2023-07-16 消息汇总（3 条）", "【test.urge】2 条", "催办：老旧小区改造提升", "催办：智慧停车试点", "【test.assigned】1 条", "交办：背街小巷整治"} {
			if !strings.Contains(d, want) {
				t.Errorf("digest lacks %q:\n%s", want, d)
			}
		}
		// Once a day: running again sends nothing; the inbox has all three.
		runs(time.Date(2023, 7, 16, 8, 30, 0, 0, cst))
		if got := wecom.received(); len(got) != 2 {
			t.Errorf("digest sent twice: %q", got)
		}
		inbox, _ := svc.Inbox(ctx, zjj, store.NotificationFilter{})
		if inbox.Total != 3 || inbox.Unread != 3 {
			t.Errorf("inbox: %+v", inbox)
		}
		// Changing the hour the same day does not digest the day twice.
		if _, err := svc.SetNotifySettings(ctx, as(t, env, "sysadmin"), service.NotifySettings{DigestHour: 10}); err != nil {
			t.Fatal(err)
		}
		runs(time.Date(2023, 7, 16, 10, 0, 30, 0, cst))
		if got := wecom.received(); len(got) != 2 {
			t.Errorf("digest at the new hour: %q", got)
		}
	})
}

// The recipients of a unit: its own liaisons and head, or its nearest
// ancestor's; the office covering it.
func TestRecipients(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		svc := env.App.Service
		acct := env.Fix.Accounts
		check := func(name string, got []domain.ID, err error, want ...domain.ID) {
			t.Helper()
			slices.Sort(want)
			if err != nil || !slices.Equal(got, want) {
				t.Errorf("%s: %v %v, want %v", name, got, err, want)
			}
		}
		got, err := svc.UnitRecipients(ctx, env.Fix.Units["区住建局"])
		check("区住建局", got, err, acct["zjj_lly"], acct["zjj_fzr"])
		got, err = svc.UnitRecipients(ctx, env.Fix.Units["区住建局"], domain.RoleUnitHead)
		check("区住建局 head", got, err, acct["zjj_fzr"])
		got, err = svc.UnitRecipients(ctx, env.Fix.Units["湖滨社区"])
		check("湖滨社区 (its street's)", got, err, acct["dh_lly"])
		got, err = svc.UnitRecipients(ctx, env.Fix.Units["区城管局"])
		check("区城管局 (nobody)", got, err)
		got, err = svc.OfficeRecipients(ctx, env.Fix.Units["湖滨社区"])
		check("office of 湖滨社区", got, err, acct["office"])
		if _, err := svc.UnitRecipients(ctx, 99999); domain.ErrorKind(err) != domain.KindNotFound {
			t.Errorf("unknown unit: %v", err)
		}
		// A disabled liaison is nobody's recipient.
		if err := svc.SetAccountStatus(ctx, service.SystemPrincipal("test"), acct["zjj_lly"], domain.AccountDisabled); err != nil {
			t.Fatal(err)
		}
		got, err = svc.UnitRecipients(ctx, env.Fix.Units["区住建局"])
		check("区住建局 without its liaison", got, err, acct["zjj_fzr"])
	})
}
