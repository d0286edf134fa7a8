package app

import (
	"context"
	"time"

	"github.com/luoshi/luoshi/internal/jobs"
)

// jobRegistry collects every job kind of the program. Code that needs
// background work registers it here, in its own line.
func (a *App) jobRegistry() *jobs.Registry {
	reg := jobs.NewRegistry()
	jobs.RegisterHousekeeping(reg, a.DB)
	a.Service.RegisterJobs(reg)
	a.Service.RegisterRectJobs(reg)
	return reg
}

// DefaultJobsPoll is how often serve looks for due jobs.
const DefaultJobsPoll = 15 * time.Second

// StartJobs runs due jobs every interval, as of the App's clock, until
// StopJobs or Shutdown. serve calls it; tests do not, and run jobs with
// Jobs.RunDue as of the moment they choose.
func (a *App) StartJobs(interval time.Duration) {
	if a.jobsStop != nil || interval <= 0 {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	a.jobsStop, a.jobsDone = cancel, make(chan struct{})
	clock := a.Config.Clock()
	go func() {
		defer close(a.jobsDone)
		a.Jobs.Loop(ctx, interval, clock)
	}()
	a.Log.Info("job runner started", "poll", interval, "owner", a.Jobs.Owner())
}

// StopJobs stops the job loop and waits for the job in hand to be
// recorded (a job cut short is retried later, here or elsewhere).
func (a *App) StopJobs() {
	if a.jobsStop == nil {
		return
	}
	a.jobsStop()
	<-a.jobsDone
	a.jobsStop = nil
}
