# A difference from the base scenario by financial year: for each alternative,
# the median path-by-path difference with P10-P90 whiskers (common random numbers).
# Data: year, then per alternative: p10, median, p90 (header row: names).
set title @TITLE@
set ylabel "Difference from the base"
set key below horizontal font ",10"
set xzeroaxis ls 3 lw 1
set offsets 0.5, 0.5, graph 0.05, graph 0.05
n = @SERIES@
plot for [j=1:n] "@DATA@" using ($0 + (j - (n + 1) / 2.0) * 0.18):(column(3*j)):(column(3*j-1)):(column(3*j+1)):xtic(1) \
         with yerrorbars ls ((j-1)%4+1) pt 7 ps 1.4 title columnheader(3*j)
