INSERT INTO dataset_version (kind, version, action, batch, mode, target_version, user_name, committed_at,
                             file_name, sha256, row_count, note)
VALUES ($kind, $version, $action, $batch, $mode, $target_version, $user_name, $committed_at,
        $file_name, $sha256, $row_count, $note);
