# A monthly difference from the base scenario: for each alternative, the
# median path-by-path difference and its P10-P90 band (common random numbers).
# Data: month, then per alternative: p10, median, p90 (header row: names).
set title @TITLE@
set xdata time
set timefmt "%Y-%m"
set format x "%b %Y"
set xtics rotate by -30
set autoscale xfix
set ylabel "Difference from the base"
set key below horizontal font ",10"
set xzeroaxis ls 3 lw 1
n = @SERIES@
plot for [j=1:n] "@DATA@" using 1:(column(3*j-1)):(column(3*j+1)) with filledcurves \
         fc rgb area[(4*j)%10+1] fs transparent solid 0.35 notitle, \
     for [j=1:n] "" using 1:(column(3*j)) with lines ls ((j-1)%4+1) title columnheader(3*j)
