# Shared by bin/sluice and bin/flume-ng (sourced, not run): reads the launcher options, sources
# flume-env.sh, builds the classpath and runs io.sluice.deploy.SluiceMain.
#
# Classpath, in order (as Flume's launcher builds it):
#   the conf directory (-c/--conf; default $SLUICE_HOME/conf), so log4j2.xml, core-site.xml,
#   hdfs-site.xml and the like are found there first;
#   lib/* of the distribution (or, in a source checkout, the classpath Maven resolved);
#   for quickstart, drill and cluster-host only, tools/lib/* (MiniDFSCluster, Mockito, JFreeChart:
#   never on an agent's classpath; in a source checkout, deploy/target/tools-classpath.txt);
#   -C/--classpath, then FLUME_CLASSPATH (from the environment or flume-env.sh);
#   plugins.d/*/lib/* then plugins.d/*/libext/* of every --plugins-path directory (colon-separated;
#   default ${FLUME_HOME:-$SLUICE_HOME}/plugins.d); their native/ directories go on
#   -Djava.library.path, after FLUME_JAVA_LIBRARY_PATH;
#   HADOOP_CONF_DIR (default $HADOOP_HOME/etc/hadoop) and HBASE_CONF_DIR (default $HBASE_HOME/conf)
#   when they exist. Hadoop's and HBase's own jars are not added: Sluice ships its HDFS client.
#   The HDFS sink also reads the site files explicitly (-Dsluice.conf.dir): HADOOP_CONF_DIR's
#   override the conf directory's, which override the rest of the classpath's.
# lib/flume-api (Flume 1.11's API jars) is not on it: the Flume-API adapter loads those, with the
# plugins.d, -C and FLUME_CLASSPATH entries (-Dsluice.flume.plugin.classpath), in its own loader.
# JVM options: for `agent` without any heap option of the operator's, a young generation sized for
# its memory channels (launcher_heap_defaults, which logs its choice on stderr); then JAVA_OPTS
# (word-split), then every -D..., -X..., -javaagent..., -agentlib..., -agentpath... argument. -d/--dryrun prints the java command instead of running it, then runs
# `SluiceMain validate "${launcher_dryrun_check[@]}"` when the caller set that array (flume-ng agent).

SLUICE_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

launcher_java_opts=()  # JVM options from the command line
launcher_args=()       # arguments for SluiceMain
launcher_conf=""       # -c/--conf as given
launcher_classpath=""  # -C/--classpath
launcher_plugins=""    # --plugins-path
launcher_dryrun=""
launcher_dryrun_check=()  # validate's arguments after a dry run, if any

# Splits "$@" into JVM options, launcher options and the rest. With keep_conf=1, -c/--conf DIR is
# also passed on to SluiceMain (bin/sluice's agent accepts it).
launcher_parse() {
  local keep_conf=$1
  shift
  while [ $# -gt 0 ]; do
    case "$1" in
      -D*|-X*|-javaagent*|-agentlib*|-agentpath*) launcher_java_opts+=("$1") ;;
      -c|--conf)
        [ $# -ge 2 ] || launcher_die "option $1 needs a directory"
        launcher_conf=$2
        if [ "$keep_conf" = 1 ]; then launcher_args+=("$1" "$2"); fi
        shift ;;
      -C|--classpath)
        [ $# -ge 2 ] || launcher_die "option $1 needs a classpath"
        launcher_classpath=$2; shift ;;
      --plugins-path)
        [ $# -ge 2 ] || launcher_die "option $1 needs a directory list"
        launcher_plugins=$2; shift ;;
      -d|--dryrun) launcher_dryrun=1 ;;
      *) launcher_args+=("$1") ;;
    esac
    shift
  done
}

launcher_die() {
  echo "${launcher_name:-sluice}: $1" >&2
  exit 1
}

# Prints the colon-separated list $1 with $2 appended.
launcher_join() {
  if [ -n "$1" ] && [ -n "$2" ]; then echo "$1:$2"; else echo "$1$2"; fi
}

# Runs SluiceMain "$@" (after launcher_parse) with the classpath and JVM options described above.
launcher_run() {
  local conf_dir=${launcher_conf:-$SLUICE_HOME/conf}
  if [ -n "$launcher_conf" ]; then
    [ -d "$launcher_conf" ] || launcher_die "conf directory $launcher_conf does not exist"
    conf_dir=$(cd "$launcher_conf" && pwd)
  fi
  JAVA_OPTS=${JAVA_OPTS:-}
  FLUME_CLASSPATH=${FLUME_CLASSPATH:-}
  FLUME_JAVA_LIBRARY_PATH=${FLUME_JAVA_LIBRARY_PATH:-}
  if [ -f "$conf_dir/flume-env.sh" ]; then
    # Written for Flume's launcher: it may read unset variables or fail a command.
    set +eu
    # shellcheck disable=SC1091
    source "$conf_dir/flume-env.sh"
    set -eu
  fi

  local tools=""
  case "${1-}" in
    quickstart|drill|cluster-host) tools=1 ;;
  esac
  local classpath="$conf_dir"
  if [ -d "$SLUICE_HOME/lib" ]; then
    classpath=$(launcher_join "$classpath" "$SLUICE_HOME/lib/*")
    if [ -n "$tools" ]; then
      classpath=$(launcher_join "$classpath" "$SLUICE_HOME/tools/lib/*")
    fi
  else
    classpath=$(launcher_join "$classpath" "$(launcher_dev_classpath "$tools")")
  fi
  classpath=$(launcher_join "$classpath" "$launcher_classpath")
  classpath=$(launcher_join "$classpath" "$FLUME_CLASSPATH")

  local plugin_lib="" plugin_libext="" native="$FLUME_JAVA_LIBRARY_PATH" dir plugin dirs=()
  IFS=: read -r -a dirs <<< "${launcher_plugins:-${FLUME_HOME:-$SLUICE_HOME}/plugins.d}"
  for dir in ${dirs[@]+"${dirs[@]}"}; do
    if [ ! -d "$dir" ]; then
      continue
    fi
    for plugin in "$dir"/*; do
      if [ -d "$plugin/lib" ]; then
        plugin_lib=$(launcher_join "$plugin_lib" "$plugin/lib/*")
      fi
      if [ -d "$plugin/libext" ]; then
        plugin_libext=$(launcher_join "$plugin_libext" "$plugin/libext/*")
      fi
      if [ -d "$plugin/native" ]; then
        native=$(launcher_join "$native" "$plugin/native")
      fi
    done
  done
  classpath=$(launcher_join "$classpath" "$plugin_lib")
  classpath=$(launcher_join "$classpath" "$plugin_libext")
  # The user's part of the classpath, which the Flume-API adapter (flume-compat) loads beside
  # Flume's API jars (lib/flume-api, off the main classpath) when a config names a Flume class.
  local user_classpath
  user_classpath=$(launcher_join "$(launcher_join "$plugin_lib" "$plugin_libext")" \
    "$(launcher_join "$launcher_classpath" "$FLUME_CLASSPATH")")

  local hadoop_conf=${HADOOP_CONF_DIR:-}
  if [ -z "$hadoop_conf" ] && [ -n "${HADOOP_HOME:-${HADOOP_PREFIX:-}}" ]; then
    hadoop_conf=${HADOOP_HOME:-$HADOOP_PREFIX}/etc/hadoop
  fi
  if [ -n "$hadoop_conf" ] && [ -d "$hadoop_conf" ]; then
    classpath=$(launcher_join "$classpath" "$hadoop_conf")
  fi
  local hbase_conf=${HBASE_CONF_DIR:-}
  if [ -z "$hbase_conf" ] && [ -n "${HBASE_HOME:-}" ]; then
    hbase_conf=$HBASE_HOME/conf
  fi
  if [ -n "$hbase_conf" ] && [ -d "$hbase_conf" ]; then
    classpath=$(launcher_join "$classpath" "$hbase_conf")
  fi

  local java=${JAVA_HOME:+$JAVA_HOME/bin/}java
  local command=("$java")
  # The conf directory's log4j2.xml, else the distribution's; -Dlog4j2.configurationFile given in
  # JAVA_OPTS or on the command line comes later and wins.
  if [ -f "$conf_dir/log4j2.xml" ]; then
    command+=("-Dlog4j2.configurationFile=$conf_dir/log4j2.xml")
  elif [ -f "$SLUICE_HOME/conf/log4j2.xml" ]; then
    command+=("-Dlog4j2.configurationFile=$SLUICE_HOME/conf/log4j2.xml")
  fi
  local java_opts=()
  read -r -a java_opts <<< "$JAVA_OPTS"
  launcher_heap_defaults "$@"
  if [ ${#launcher_heap_opts[@]} -gt 0 ]; then
    echo "${launcher_name:-sluice}: ${launcher_heap_opts[*]}: young generation for $launcher_heap_events" \
      "memory-channel events, initial heap twice it (no heap option in JAVA_OPTS or on the command line)" >&2
  fi
  command+=(${launcher_heap_opts[@]+"${launcher_heap_opts[@]}"})
  command+=(${java_opts[@]+"${java_opts[@]}"} ${launcher_java_opts[@]+"${launcher_java_opts[@]}"})
  if [ -n "$native" ]; then
    command+=("-Djava.library.path=$native")
  fi
  command+=("-Dsluice.flume.plugin.classpath=$user_classpath")
  # The HDFS sink reads core-site.xml/hdfs-site.xml from here, then HADOOP_CONF_DIR, which wins.
  command+=("-Dsluice.conf.dir=$conf_dir")
  if [ ! -d "$SLUICE_HOME/lib" ]; then
    command+=("-Dsluice.flume.api=$SLUICE_HOME/flume-compat/target/flume-api")
  fi
  command+=(-cp "$classpath" io.sluice.deploy.SluiceMain)

  if [ -n "$launcher_dryrun" ]; then
    printf '%q ' "${command[@]}" "$@"
    printf '\n'
    if [ ${#launcher_dryrun_check[@]} -eq 0 ]; then
      exit 0
    fi
    exec "${command[@]}" validate "${launcher_dryrun_check[@]}"
  fi
  exec "${command[@]}" "$@"
}

# Heap defaults of an agent, in launcher_heap_opts (empty when none): a memory channel that stays
# full keeps its events alive across young collections, and a survivor space (a tenth of the young
# generation under the serial and parallel collectors) too small for them promotes them to the old
# generation, which then needs full collections. So when neither JAVA_OPTS (as read after
# flume-env.sh) nor the command line sets a heap option, `agent` (or `node`) gets
# -Xmn = 5 KiB x the summed capacity of the agent's memory channels in its --conf-file(s): a tenth
# of that holds 512 bytes per event, a 256-byte body and the event around it. Only from 128 MiB
# (about 26,000 events; the JVM's own young generation is about that on a host of a few GiB), and
# at most an eighth of the host's memory or of the cgroup's memory limit, whichever is less (half
# of the JVM's default heap, a quarter of it). And -Xms twice that, at most a quarter of the host's
# or the cgroup's memory (the JVM's default maximum heap): started at the JVM's default initial
# heap (a 64th of the memory), the old generation is a few MB beside such a young generation, so
# the first promotions of a full channel are followed by a full collection while it grows.
# Arguments: SluiceMain's (launcher_args); reads java_opts and launcher_java_opts.
launcher_heap_opts=()
launcher_heap_events=0
launcher_heap_defaults() {
  launcher_heap_opts=()
  launcher_heap_events=0
  case "${1-}" in
    agent|node) shift ;;
    *) return 0 ;;
  esac
  local opt
  for opt in ${java_opts[@]+"${java_opts[@]}"} ${launcher_java_opts[@]+"${launcher_java_opts[@]}"}; do
    case "$opt" in
      -Xmx*|-Xms*|-Xmn*|-XX:NewSize=*|-XX:MaxNewSize=*|-XX:NewRatio=*|-XX:MaxHeapSize=*|\
      -XX:InitialHeapSize=*|-XX:*RAMPercentage=*|-XX:*RAMFraction=*|-XX:MaxRAM=*) return 0 ;;
    esac
  done
  local name="" files=()
  while [ $# -gt 0 ]; do
    case "$1" in
      -n|--name) name=${2-}; shift ;;
      --name=*) name=${1#--name=} ;;
      -f|--conf-file) [ $# -lt 2 ] || files+=("$2"); shift ;;
      --conf-file=*) files+=("${1#--conf-file=}") ;;
    esac
    [ $# -eq 0 ] || shift
  done
  local file
  for file in ${files[@]+"${files[@]}"}; do
    [ -r "$file" ] || return 0  # the agent reports a missing file itself
  done
  [ ${#files[@]} -gt 0 ] || return 0
  launcher_heap_events=$(launcher_memory_channel_events "$name" "${files[@]}")
  local young_mib=$(( (launcher_heap_events * 5 + 1023) / 1024 ))
  if [ "$young_mib" -lt 128 ]; then
    return 0
  fi
  local mem_kib limit
  mem_kib=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo 2>/dev/null || true)
  # In a container the JVM sizes its heap by the cgroup's memory limit, not the host's memory.
  for limit in /sys/fs/cgroup/memory.max /sys/fs/cgroup/memory/memory.limit_in_bytes; do
    [ -r "$limit" ] || continue
    limit=$(cat "$limit" 2>/dev/null || true)
    case "$limit" in
      ''|*[!0-9]*) ;;  # "max": no limit
      *) if [ -z "$mem_kib" ] || [ $(( limit / 1024 )) -lt "$mem_kib" ]; then mem_kib=$(( limit / 1024 )); fi ;;
    esac
    break
  done
  if [ -n "$mem_kib" ] && [ "$young_mib" -gt $(( mem_kib / 1024 / 8 )) ]; then
    young_mib=$(( mem_kib / 1024 / 8 ))
  fi
  local initial_mib=$(( young_mib * 2 ))
  if [ -n "$mem_kib" ] && [ "$initial_mib" -gt $(( mem_kib / 1024 / 4 )) ]; then
    initial_mib=$(( mem_kib / 1024 / 4 ))
  fi
  launcher_heap_opts=("-Xmn${young_mib}m" "-Xms${initial_mib}m")
}

# Prints the summed capacity of agent $1's memory channels (every agent's when $1 is empty) in the
# properties files $2...; later files win, as the agent merges them. A channel without capacity
# has the memory channel's default, 100.
launcher_memory_channel_events() {
  local agent=$1
  shift
  awk -v agent="$agent" '
    /^[ \t]*([#!]|$)/ { next }
    {
      line = $0
      sub(/^[ \t]+/, "", line)
      sub(/[ \t\r]+$/, "", line)
      if (!match(line, /[ \t]*[=:][ \t]*|[ \t]+/)) { next }
      key = substr(line, 1, RSTART - 1)
      value = substr(line, RSTART + RLENGTH)
      if (split(key, part, ".") != 4 || part[2] != "channels" || (agent != "" && part[1] != agent)) { next }
      id = part[1] "." part[3]
      if (part[4] == "type") { type[id] = tolower(value) }
      else if (part[4] == "capacity") { capacity[id] = value }
    }
    END {
      sum = 0
      for (id in type) {
        if (type[id] == "memory" || type[id] == "org.apache.flume.channel.memorychannel") {
          sum += (id in capacity) ? capacity[id] + 0 : 100
        }
      }
      printf "%d\n", sum
    }' "$@"
}

# In a source checkout: the deploy jar and the classpath Maven resolved, building them once; with
# $1 set, the tools' classpath too.
launcher_dev_classpath() {
  local cpfile="$SLUICE_HOME/deploy/target/classpath.txt" jar
  local toolsfile="$SLUICE_HOME/deploy/target/tools-classpath.txt"
  jar=$(ls "$SLUICE_HOME"/deploy/target/deploy-*.jar 2>/dev/null | head -n 1 || true)
  if [ ! -f "$cpfile" ] || [ ! -f "$toolsfile" ] || [ -z "$jar" ]; then
    echo "${launcher_name:-sluice}: building the project first (mvn -B -q install -DskipTests)..." >&2
    (cd "$SLUICE_HOME" && mvn -B -q install -DskipTests) >&2
    jar=$(ls "$SLUICE_HOME"/deploy/target/deploy-*.jar | head -n 1)
  fi
  if [ -n "${1-}" ]; then
    echo "$jar:$(cat "$cpfile"):$(cat "$toolsfile")"
  else
    echo "$jar:$(cat "$cpfile")"
  fi
}
