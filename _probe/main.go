package main

import (
	"fmt"
	"net/netip"
	"os"
	"time"

	"github.com/oschwald/maxminddb-golang/v2"
)

func main() {
	r, err := maxminddb.Open(os.Args[1])
	if err != nil {
		panic(err)
	}
	m := r.Metadata
	fmt.Printf("%+v\nbuilt %s\n", m, time.Unix(int64(m.BuildEpoch), 0).UTC())
	for _, ip := range os.Args[2:] {
		var v any
		res := r.Lookup(netip.MustParseAddr(ip))
		err := res.Decode(&v)
		fmt.Println(ip, res.Prefix(), v, err)
	}
}
