# Placement mix: stacked area of the mean number of children by placement type.
# Data: month, then one cumulative column per placement type (header row: names).
set title @TITLE@
set xdata time
set timefmt "%Y-%m"
set format x "%b %Y"
set xtics rotate by -30
set ylabel "Children in care (mean)"
set yrange [0:*]
set key below horizontal maxrows 4 font ",10" samplen 1.5
set autoscale xfix
n = @SERIES@
plot for [i=n:1:-1] "@DATA@" using 1:(column(i+1)) with filledcurves x1 \
     fc rgb area[(i-1)%10+1] fs solid 1.0 border lc rgb "#ffffff" title columnheader(i+1)
