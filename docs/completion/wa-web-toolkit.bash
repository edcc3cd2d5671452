# bash completion for wadecode, wamedia and wareplay (wa-web-toolkit).
#
# Options, their allowed values and the subcommands are read from the tool's own --help (and
# `<tool> <subcommand> --help`), once per shell, so the completion follows the tool it completes.
# Installed as share/bash-completion/completions/{wadecode,wamedia,wareplay}; to try it from a
# source tree: `source docs/completion/wa-web-toolkit.bash`.

declare -gA _wa_toolkit_cache 2>/dev/null || true

# The --help text of "$@" (a tool and maybe a subcommand), cached.
_wa_toolkit_help() {
  local key="$*"
  if [[ -z ${_wa_toolkit_cache[$key]+set} ]]; then
    _wa_toolkit_cache[$key]=$("$@" --help 2>/dev/null)
  fi
  printf '%s\n' "${_wa_toolkit_cache[$key]}"
}

# Completes the current word. Arguments as bash passes them to a -F function: tool, word, previous.
_wa_toolkit() {
  local tool=$1 cur=$2 prev=$3
  local help subs w line choices
  local -a path=("$tool")
  COMPREPLY=()
  # Walk down the subcommands already typed (`wamedia sidecar make`), one --help per level.
  help=$(_wa_toolkit_help "${path[@]}")
  subs=$(sed -n '/^Subcommands:/I,/^$/p' <<<"$help" | sed 1d | awk 'NF {print $1}')
  for w in "${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    if [[ -n $w && -n $subs && $'\n'$subs$'\n' == *$'\n'$w$'\n'* ]]; then
      path+=("$w")
      help=$(_wa_toolkit_help "${path[@]}")
      subs=$(sed -n '/^Subcommands:/I,/^$/p' <<<"$help" | sed 1d | awk 'NF {print $1}')
    fi
  done

  # The value of an option: its allowed values, or a file name.
  if [[ $prev == -* && $cur != -* ]]; then
    line=$(grep -E "^ +(-[A-Za-z0-9],)?!?${prev}([ =,]|$)|^ +!?${prev},-" <<<"$help" | head -n1)
    if [[ -n $line ]]; then
      local spec
      spec=$(sed -E 's/^ +[^ ]+ ?//' <<<"$line")  # what follows the option names: its value spec
      spec=${spec%%  *}
      if [[ $spec =~ \{([^}]*)\} ]]; then
        choices=${BASH_REMATCH[1]//,/ }
        mapfile -t COMPREPLY < <(compgen -W "$choices" -- "$cur")
        return 0
      fi
      if [[ $spec =~ ^[[:space:]]*[A-Z] ]]; then  # takes a value (TEXT, INT, FLOAT, ...)
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        compopt -o filenames 2>/dev/null
        return 0
      fi
    fi
  fi

  if [[ $cur == -* ]]; then
    local opts
    opts=$(grep -E '^ +!?-' <<<"$help" | sed -E 's/^ +//; s/ .*//; s/[={].*//' | tr ',' '\n' | sed -E 's/^!//' |
           grep -E '^-')
    mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
    return 0
  fi
  if [[ -n $subs ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$subs" -- "$cur")
    # A required subcommand ("Usage: tool [OPTIONS] SUBCOMMAND"): nothing else fits here.
    if grep -qE '^Usage:.* SUBCOMMAND$' <<<"$help"; then return 0; fi
  fi
  local files
  mapfile -t files < <(compgen -f -- "$cur")
  COMPREPLY+=("${files[@]}")
  compopt -o filenames 2>/dev/null
  return 0
}

complete -F _wa_toolkit wadecode wamedia wareplay
