// Oracle for tsflux's Go duration parsing and printing: reads lines "parse <text>" or
// "format <nanoseconds>" on stdin and prints what Go's time package answers, one line each.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		op, arg, _ := strings.Cut(in.Text(), " ")
		switch op {
		case "parse":
			d, err := time.ParseDuration(arg)
			if err != nil {
				fmt.Println("error")
				continue
			}
			fmt.Printf("%d %s\n", int64(d), d.String())
		case "format":
			n, err := strconv.ParseInt(arg, 10, 64)
			if err != nil {
				fmt.Println("error")
				continue
			}
			fmt.Println(time.Duration(n).String())
		}
	}
}
