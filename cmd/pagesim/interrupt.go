package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// catchInterrupts catches SIGINT and SIGTERM for the rest of a run: ctx is
// cancelled at the first one, interrupted reports which it was (nil
// before), and stop restores the default handling.
func catchInterrupts() (ctx context.Context, interrupted func() os.Signal, stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	var mu sync.Mutex
	var got os.Signal
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-ch:
			mu.Lock()
			got = sig
			mu.Unlock()
			cancel()
		case <-done:
		}
	}()
	interrupted = func() os.Signal {
		mu.Lock()
		defer mu.Unlock()
		return got
	}
	stop = func() {
		signal.Stop(ch)
		close(done)
		cancel()
	}
	return ctx, interrupted, stop
}

// interruptedErr is a run stopped by a signal: nothing was written, and an
// earlier report is left as it was. Exit status 128 + the signal's number
// (130 for SIGINT, 143 for SIGTERM), as shells report it.
type interruptedErr struct{ sig os.Signal }

func (e interruptedErr) Error() string {
	return fmt.Sprintf("run: interrupted (%v): no report written; an earlier one is left as it was", e.sig)
}

func (e interruptedErr) code() int {
	if s, ok := e.sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 130
}
