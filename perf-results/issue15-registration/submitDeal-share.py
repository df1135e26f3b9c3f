import sys, collections
fn, root = sys.argv[1], sys.argv[2]
selfc = collections.Counter(); anyc = collections.Counter(); edges=collections.Counter(); total=0
for line in open(fn):
    line=line.rstrip()
    if not line: continue
    stack, n = line.rsplit(' ',1); n=int(n)
    frames = stack.split(';')
    idx = [i for i,f in enumerate(frames) if root in f]
    if not idx: continue
    frames = frames[idx[0]:]
    total += n
    selfc[frames[-1]] += n
    for f in set(frames): anyc[f] += n
    if len(frames)>1: edges[(frames[-2],frames[-1])]+=n
print("samples under", root, total)
print("self:")
for f,c in selfc.most_common(int(sys.argv[3]) if len(sys.argv)>3 else 25): print("  %5.1f%% %4d %s"%(100*c/total,c,f))
print("total:")
for f,c in anyc.most_common(int(sys.argv[3]) if len(sys.argv)>3 else 25): print("  %5.1f%% %4d %s"%(100*c/total,c,f))
print("leaf edges (caller -> leaf):")
for (a,b),c in edges.most_common(20): print("  %5.1f%% %4d %s -> %s"%(100*c/total,c,a,b))
