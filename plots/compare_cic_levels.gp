# Children in care, the base beside each alternative: each scenario's median
# and its P10-P90 band (on common random numbers, so the gap is the
# scenarios' doing). Data: month, then per scenario (base first): p10, median,
# p90 (header row: names).
set title @TITLE@
set xdata time
set timefmt "%Y-%m"
set format x "%b %Y"
set xtics rotate by -30
set autoscale xfix
set ylabel "Children in care"
set key below horizontal font ",10"
n = @SERIES@
plot for [j=1:n] "@DATA@" using 1:(column(3*j-1)):(column(3*j+1)) with filledcurves \
         fc rgb area[(3*j)%10+1] fs transparent solid 0.30 notitle, \
     for [j=1:n] "" using 1:(column(3*j)) with lines ls ((j-1)%4+1) title columnheader(3*j)
