// Command etcd runs the etcd server from its published module, for the
// real control-plane test tier (see README, "Testing against a real control plane").
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
