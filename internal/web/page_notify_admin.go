package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/notify"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
)

// The system admin's notification settings: the channels (secrets are
// password fields that are never filled in: left empty they keep what is
// stored), a test message per channel, and the messages that failed.

type notifyAdminData struct {
	V          *service.NotifyAdminView
	Channels   []channelForm
	Failed     []deliveryRow
	Hours      []int
	Securities []string
}

// channelForm is a channel's form, with the field an error is about when
// the error is this channel's.
type channelForm struct {
	V   service.ChannelView
	Err string
}

type deliveryRow struct {
	D  service.DeliveryEntry
	At string
}

func (h *handler) notifyAdminPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.showNotifyAdmin(w, r, p, "", nil)
}

func (h *handler) showNotifyAdmin(w http.ResponseWriter, r *http.Request, p *service.Principal, ch domain.Channel, ferr error) {
	v, err := h.svc.NotifyAdmin(r.Context(), p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	failed, err := h.svc.Deliveries(r.Context(), p, store.DeliveryFilter{State: store.DeliveryFailed, Limit: 100})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &notifyAdminData{V: v, Securities: []string{notify.SecurityStartTLS, notify.SecurityTLS, notify.SecurityNone}}
	for _, c := range v.Channels {
		f := channelForm{V: c}
		if c.Channel == ch && ferr != nil {
			f.Err = fieldOf(ferr)
		}
		d.Channels = append(d.Channels, f)
	}
	for hr := range 24 {
		d.Hours = append(d.Hours, hr)
	}
	loc := h.svc.Location()
	for _, f := range failed {
		d.Failed = append(d.Failed, deliveryRow{D: f, At: f.CreatedAt.In(loc).Format("2006-01-02 15:04")})
	}
	pg := &Page{Title: reqCtx(r).p.T("web.notifyadmin.title"), Nav: "notifyadmin", Data: d}
	code := http.StatusOK
	if ferr != nil {
		pg.Error, pg.ErrorField, code = domain.ErrorMessage(ferr), fieldOf(ferr), statusOf(ferr)
	}
	h.render(w, r, code, "notify_admin", pg)
}

// adminFormFail shows a refusal on the page, or the error page for what
// the page cannot show.
func (h *handler) notifyAdminFail(w http.ResponseWriter, r *http.Request, p *service.Principal, ch domain.Channel, err error) {
	if !shownOnForm(err) {
		h.fail(w, r, err)
		return
	}
	h.showNotifyAdmin(w, r, p, ch, err)
}

func (h *handler) notifySettingsSave(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	hour, err := strconv.Atoi(strings.TrimSpace(r.FormValue("digest_hour")))
	if err != nil {
		hour = -1
	}
	if _, err := h.svc.SetNotifySettings(r.Context(), p, service.NotifySettings{DigestHour: hour, BaseURL: r.FormValue("base_url")}); err != nil {
		h.notifyAdminFail(w, r, p, "", err)
		return
	}
	redirect(w, r, "/admin/notifications", reqCtx(r).p.T("web.saved"))
}

func (h *handler) channelSave(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	ch := domain.Channel(r.PathValue("channel"))
	port := 0
	if s := strings.TrimSpace(r.FormValue("port")); s != "" {
		if port, _ = strconv.Atoi(s); port == 0 {
			port = -1
		}
	}
	in := service.ChannelInput{Enabled: r.FormValue("enabled") == "1", Host: r.FormValue("host"), Port: port, Security: r.FormValue("security"),
		Username: r.FormValue("username"), Password: r.FormValue("password"), From: r.FormValue("from"), Webhook: r.FormValue("webhook"),
		Secret: r.FormValue("secret"), Clear: r.Form["clear"]}
	if _, err := h.svc.SetChannel(r.Context(), p, ch, in); err != nil {
		h.notifyAdminFail(w, r, p, ch, err)
		return
	}
	redirect(w, r, "/admin/notifications#ch-"+string(ch), reqCtx(r).p.T("web.saved"))
}

func (h *handler) channelTest(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	ch := domain.Channel(r.PathValue("channel"))
	if err := h.svc.TestChannel(r.Context(), p, ch, r.FormValue("to")); err != nil {
		h.notifyAdminFail(w, r, p, ch, err)
		return
	}
	redirect(w, r, "/admin/notifications#ch-"+string(ch), reqCtx(r).p.T("web.notifyadmin.test_sent"))
}

func (h *handler) deliveryRetry(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	if _, err := h.svc.RetryDelivery(r.Context(), p, idParam(r, "id")); err != nil {
		h.notifyAdminFail(w, r, p, "", err)
		return
	}
	redirect(w, r, "/admin/notifications#failed", reqCtx(r).p.T("web.notifyadmin.retried"))
}

type jobsData struct {
	Rows      []jobRow
	Recurring []jobRecurring
	State     string
	States    []store.JobState
}

type jobRow struct {
	J     store.Job
	RunAt string
	Ended string
}

type jobRecurring struct {
	Kind, Name, Schedule string
}

func (h *handler) jobsPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	state := r.FormValue("state")
	list, err := h.svc.Jobs(r.Context(), p, store.JobFilter{State: store.JobState(state), Limit: 200})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &jobsData{State: state, States: store.JobStates}
	loc := h.svc.Location()
	for _, j := range list {
		row := jobRow{J: j, RunAt: j.RunAt.In(loc).Format("2006-01-02 15:04")}
		if !j.FinishedAt.IsZero() {
			row.Ended = j.FinishedAt.In(loc).Format("2006-01-02 15:04:05")
		}
		d.Rows = append(d.Rows, row)
	}
	pr := reqCtx(r).p
	for _, rc := range h.svc.RecurringJobs() {
		jr := jobRecurring{Kind: rc.Kind, Schedule: rc.Schedule}
		switch {
		case rc.DailyAt != "":
			jr.Schedule = pr.T("web.jobs.daily_at", rc.DailyAt)
		case rc.EveryMinutes%60 == 0 && rc.EveryMinutes > 0:
			jr.Schedule = pr.T("web.jobs.every_hours", rc.EveryMinutes/60)
		case rc.EveryMinutes > 0:
			jr.Schedule = pr.T("web.jobs.every_minutes", rc.EveryMinutes)
		}
		if key := "jobkind." + rc.Kind; pr.Has(key) {
			jr.Name = pr.T(key)
		}
		d.Recurring = append(d.Recurring, jr)
	}
	h.render(w, r, http.StatusOK, "jobs", &Page{Title: reqCtx(r).p.T("web.jobs.title"), Nav: "jobs", Data: d})
}

func (h *handler) jobRetry(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	if _, err := h.svc.RetryJob(r.Context(), p, idParam(r, "id")); err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/admin/jobs", reqCtx(r).p.T("web.jobs.retried"))
}
