/* The run directory: created on demand, never clobbering unrelated files,
 * and written through temporary names renamed into place when complete. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "carecast/output.h"

static cc_status make_dirs(const char *dir, cc_error *err)
{
    char path[CC_PATH_MAX];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path)
        return cc_error_set(err, CC_ERR_IO, "%s: path too long", dir);
    for (char *p = path + 1; *p != '\0'; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return cc_error_set(err, CC_ERR_IO, "%s: cannot create: %s", path, strerror(errno));
        *p = '/';
    }
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return cc_error_set(err, CC_ERR_IO, "%s: cannot create: %s", path, strerror(errno));
    return CC_OK;
}

cc_status cc_rundir_prepare(const char *dir, cc_error *err)
{
    struct stat st;
    if (dir[0] == '\0')
        return cc_error_set(err, CC_ERR_IO, "output directory name is empty");
    if (stat(dir, &st) != 0) {
        if (errno != ENOENT)
            return cc_error_set(err, CC_ERR_IO, "%s: %s", dir, strerror(errno));
        return make_dirs(dir, err);
    }
    if (!S_ISDIR(st.st_mode))
        return cc_error_set(err, CC_ERR_IO, "%s: exists and is not a directory", dir);
    DIR *d = opendir(dir);
    if (d == NULL)
        return cc_error_set(err, CC_ERR_IO, "%s: cannot open: %s", dir, strerror(errno));
    bool empty = true, has_run = false;
    const struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        empty = false;
        has_run |= strcmp(e->d_name, "run.json") == 0;
    }
    closedir(d);
    if (!empty && !has_run)
        return cc_error_set(err, CC_ERR_IO,
                            "%s: directory is not empty and holds no earlier carecast run "
                            "(no run.json); choose another --out",
                            dir);
    char probe[CC_PATH_MAX + 16];
    snprintf(probe, sizeof probe, "%s/.", dir);
    if (access(probe, W_OK) != 0)
        return cc_error_set(err, CC_ERR_IO, "%s: not writable: %s", dir, strerror(errno));
    return CC_OK;
}

cc_status cc_staged_open(const char *dir, const char *name, cc_staged_file *sf, cc_error *err)
{
    memset(sf, 0, sizeof *sf);
    snprintf(sf->final_path, sizeof sf->final_path, "%s/%s", dir, name);
    snprintf(sf->tmp_path, sizeof sf->tmp_path, "%s/.%s.tmp", dir, name);
    sf->f = fopen(sf->tmp_path, "w");
    if (sf->f == NULL)
        return cc_error_set(err, CC_ERR_IO, "%s: cannot write: %s", sf->tmp_path,
                            strerror(errno));
    return CC_OK;
}

cc_status cc_staged_close(cc_staged_file *sf, cc_error *err)
{
    if (sf->f == NULL)
        return CC_OK;
    const bool bad = fflush(sf->f) != 0 || ferror(sf->f);
    const int saved = errno;
    const bool close_failed = fclose(sf->f) != 0;
    sf->f = NULL;
    if (bad || close_failed)
        return cc_error_set(err, CC_ERR_IO, "%s: write failed: %s", sf->final_path,
                            strerror(bad ? saved : errno));
    return CC_OK;
}

cc_status cc_staged_publish(cc_staged_file *sf, cc_error *err)
{
    if (rename(sf->tmp_path, sf->final_path) != 0)
        return cc_error_set(err, CC_ERR_IO, "%s: cannot rename into place: %s", sf->final_path,
                            strerror(errno));
    sf->tmp_path[0] = '\0';
    return CC_OK;
}

void cc_staged_discard(cc_staged_file *sf)
{
    if (sf->f != NULL)
        fclose(sf->f);
    sf->f = NULL;
    if (sf->tmp_path[0] != '\0')
        remove(sf->tmp_path);
    sf->tmp_path[0] = '\0';
}
