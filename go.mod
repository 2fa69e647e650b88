module pagesim

go 1.26.8
