// pprofgen writes a CPU profile and a heap profile with known shapes, through
// Go's own runtime/pprof, for the tests of cprof's pprof reader.
//
//	pprofgen CPU.pprof HEAP.pprof
//
// CPU: spin is called from workA for two thirds of the work and from workB for
// one third: counted in loop turns, not in time, so a loaded machine keeps the
// 2:1 of CPU time.  Heap: every allocation is recorded (MemProfileRate 1); allocA
// allocates 2 MiB and keeps it, allocB allocates 1 MiB and keeps it, dropA
// allocates 1 MiB and keeps only its last 32 KiB block.
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

var sink uint64
var kept [][]byte
var last []byte

//go:noinline
func spin(turns int) {
	for i := 0; i < turns; i++ {
		sink += uint64(i) * 2654435761
	}
}

//go:noinline
func workA() { spin(60000000) }

//go:noinline
func workB() { spin(30000000) }

//go:noinline
func allocA() {
	for i := 0; i < 64; i++ {
		kept = append(kept, make([]byte, 32<<10))
	}
}

//go:noinline
func allocB() {
	for i := 0; i < 32; i++ {
		kept = append(kept, make([]byte, 32<<10))
	}
}

//go:noinline
func dropA() {
	for i := 0; i < 32; i++ {
		last = make([]byte, 32<<10)
	}
}

func write(path string, f func(*os.File) error) {
	out, err := os.Create(path)
	if err == nil {
		err = f(out)
	}
	if err == nil {
		err = out.Close()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "pprofgen:", err)
		os.Exit(1)
	}
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: pprofgen CPU.pprof HEAP.pprof")
		os.Exit(2)
	}
	runtime.MemProfileRate = 1
	write(os.Args[1], func(f *os.File) error {
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		for i := 0; i < 50; i++ {
			workA()
			workB()
		}
		pprof.StopCPUProfile()
		return nil
	})
	kept = make([][]byte, 0, 128)
	allocA()
	allocB()
	dropA()
	runtime.GC()
	write(os.Args[2], func(f *os.File) error { return pprof.WriteHeapProfile(f) })
}
