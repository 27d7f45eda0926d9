module tsflux.test/krusty-extract

go 1.24
