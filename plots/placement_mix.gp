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
# Up to 12 types, each its own fill: viridis from light to dark (colour-blind
# safe, lightness rising steadily, so greyscale keeps them apart), taken in an
# order that puts a light band beside a dark one, so neighbours never blur.
array mix[12] = ["#fde725", "#c2df23", "#86d549", "#52c569", "#2ab07f", "#1e9b8a", \
                 "#25858e", "#2d708e", "#38588c", "#433e85", "#482173", "#440154"]
array order[12] = [1, 7, 3, 9, 5, 11, 2, 8, 4, 10, 6, 12]
plot for [i=n:1:-1] "@DATA@" using 1:(column(i+1)) with filledcurves x1 \
     fc rgb mix[order[(i-1)%12+1]] fs solid 1.0 border lc rgb "#ffffff" \
     title columnheader(i+1)
