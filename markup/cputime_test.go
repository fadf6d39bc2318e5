//go:build unix

package markup

import (
	"syscall"
	"time"
)

// cpuTime is this process's CPU time: unlike wall time, it does not grow
// when other work shares the machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
