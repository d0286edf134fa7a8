package loadtest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
)

// webLogin logs one browser-like client in and returns its cookie jar.
func webLogin(ctx context.Context, client *http.Client, base, login, password string) (http.CookieJar, error) {
	jar, _ := cookiejar.New(nil)
	c := *client
	c.Jar = jar
	form := url.Values{"login": {login}, "password": {password}}
	req, _ := http.NewRequestWithContext(ctx, "POST", base+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	drain(resp)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") == "/password" {
		return nil, fmt.Errorf("login %s: status %d", login, resp.StatusCode)
	}
	return jar, nil
}

// Pages loads the given page paths in turn from every client, each logged
// in as login (the 作战图 and the task list are the pages leaders refresh).
func Pages(ctx context.Context, opt Options, name, login, password string, paths []string) (Result, error) {
	client := NewClient(opt.Clients)
	logins := make([]string, opt.Clients)
	for i := range logins {
		logins[i] = login
	}
	clients, err := loginAll(ctx, client, opt.URL, logins, password)
	if err != nil {
		return Result{}, err
	}
	res := run(ctx, name, opt, func(ctx context.Context, c, i int) (int64, error) {
		return get(ctx, clients[c], opt.URL, paths[(c+i)%len(paths)], "")
	})
	return res, nil
}

// loginAll logs one browser-like client in per login and returns them,
// each with its own session.
func loginAll(ctx context.Context, client *http.Client, base string, logins []string, password string) ([]*http.Client, error) {
	jars := make([]http.CookieJar, len(logins))
	// Logging in costs an argon2id hash each: two at a time.
	var mu sync.Mutex
	var firstErr error
	sem := make(chan struct{}, 2)
	var wg sync.WaitGroup
	for i := range jars {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			jar, err := webLogin(ctx, client, base, logins[i], password)
			mu.Lock()
			defer mu.Unlock()
			if err != nil && firstErr == nil {
				firstErr = err
			}
			jars[i] = jar
		}(i)
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	clients := make([]*http.Client, len(logins))
	for i := range clients {
		c := *client
		c.Jar = jars[i]
		clients[i] = &c
	}
	return clients, nil
}

// get fetches path and wants 200; token, when set, is sent as a bearer token.
func get(ctx context.Context, client *http.Client, base, path, token string) (int64, error) {
	req, _ := http.NewRequestWithContext(ctx, "GET", base+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	n := drain(resp)
	if resp.StatusCode != http.StatusOK {
		return n, fmt.Errorf("GET %s: %d", path, resp.StatusCode)
	}
	return n, nil
}
