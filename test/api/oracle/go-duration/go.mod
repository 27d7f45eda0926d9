module tsflux.test/go-duration

go 1.22
