-- Verify scans in one more round trip (issue 20), PostgreSQL only. webind_scan (0009) is replaced: an
-- undecided verify scene now comes back with the scanning openid's account ('owner': id, email), so the
-- handler can make the code and its hash (keyed by the account, under APP_SECRET, which the database
-- never sees) and hand them to webind_verify_scan below, which decides as sendCodeFromScan
-- (lib/verify/send-code-from-scan.ts) does: the two hourly rate limits, the scene re-read under its row
-- lock, its move (checked against p_moves, SCENE_TRANSITIONS flattened) and the code issued
-- (lib/verify/issue-code.ts: every older unused code of the account dies with it).
CREATE OR REPLACE FUNCTION webind_scan(
  p_now bigint,
  p_openid text,
  p_scene_id text,
  p_moves text[],
  p_window_until bigint,
  p_window_count integer,
  p_login_ready_if_bound boolean,
  p_no_email_account text,
  p_event_id text,
  p_event_payload text,
  p_replay_key text,
  p_replay_hash text,
  p_replay_expires bigint,
  p_dedup_key text,
  p_dedup_now bigint,
  p_dedup_expires bigint,
  p_lease_start bigint,
  p_lock_timeout_ms integer
) RETURNS json
LANGUAGE plpgsql
AS $$
DECLARE
  v_replay text;
  v_seen text;
  v_dedup_claimed bigint;
  v_dedup_reply text;
  v_scene scenes%ROWTYPE;
  v_moved scenes%ROWTYPE;
  v_user_id integer;
  v_email text;
  v_bound_user integer;
  v_account text;
  v_result text;
  v_to text;
  v_detail jsonb;
  v_deliveries integer := 0;
BEGIN
  -- Never wait on a lock past the webhook's deadline: work it answered as not done must not commit later.
  IF p_lock_timeout_ms IS NOT NULL THEN
    PERFORM set_config('lock_timeout', greatest(p_lock_timeout_ms, 1) || 'ms', true);
  END IF;

  -- The signed query: the same body again is a retry, another body a forgery (nothing else runs).
  IF p_replay_key IS NOT NULL THEN
    INSERT INTO webhook_replay (key, body_hash, expires_at)
      VALUES (p_replay_key, p_replay_hash, p_replay_expires) ON CONFLICT DO NOTHING;
    IF FOUND THEN
      v_replay := 'new';
    ELSE
      SELECT body_hash INTO v_seen FROM webhook_replay WHERE key = p_replay_key;
      IF v_seen IS DISTINCT FROM p_replay_hash THEN
        RETURN json_build_object('replay', 'conflict');
      END IF;
      v_replay := 'same';
    END IF;
  END IF;

  -- The dedup claim: a stored reply or another attempt's live lease ends here.
  IF p_dedup_key IS NOT NULL THEN
    INSERT INTO webhook_dedup (key, reply, claimed_at, expires_at)
      VALUES (p_dedup_key, NULL, p_dedup_now, p_dedup_expires) ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
      SELECT claimed_at, reply INTO v_dedup_claimed, v_dedup_reply FROM webhook_dedup WHERE key = p_dedup_key;
      IF NOT FOUND THEN
        RETURN json_build_object('replay', v_replay, 'dedup', 'busy');
      END IF;
      IF v_dedup_reply IS NOT NULL THEN
        RETURN json_build_object('replay', v_replay, 'dedup', 'done', 'reply', v_dedup_reply);
      END IF;
      UPDATE webhook_dedup SET claimed_at = p_dedup_now
        WHERE key = p_dedup_key AND reply IS NULL AND claimed_at = v_dedup_claimed AND claimed_at < p_lease_start;
      IF NOT FOUND THEN
        RETURN json_build_object('replay', v_replay, 'dedup', 'busy');
      END IF;
    END IF;
  END IF;

  -- A scan opens the short event window.
  IF p_window_until IS NOT NULL THEN
    INSERT INTO wechat_windows (openid, message_until, message_left, event_until, event_left)
      VALUES (p_openid, 0, 0, p_window_until, p_window_count)
      ON CONFLICT (openid) DO UPDATE SET event_until = excluded.event_until, event_left = excluded.event_left;
  END IF;

  SELECT * INTO v_scene FROM scenes WHERE id = p_scene_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN json_build_object('replay', v_replay, 'dedup', 'claimed', 'kind', 'missing');
  END IF;
  -- Server API scenes (detail.apiKey) and the other purposes are decided by their TypeScript handlers.
  IF v_scene.purpose NOT IN ('bind', 'login') OR jsonb_typeof(v_scene.detail -> 'apiKey') = 'string' THEN
    RETURN json_build_object('replay', v_replay, 'dedup', 'claimed', 'kind', 'undecided', 'scene', row_to_json(v_scene),
      -- A verify scan's account, for the code webind_verify_scan stores (its hash is keyed by the account).
      'owner', CASE WHEN v_scene.purpose = 'verify' THEN (
        SELECT json_build_object('id', u.id, 'email', u.email)
          FROM wechat_bindings b JOIN users u ON u.id = b.user_id WHERE b.openid = p_openid
      ) END);
  END IF;

  -- claimPendingScene: no longer pending is a redelivery by this openid, or used; past its expiry, expired.
  IF v_scene.status <> 'pending' THEN
    RETURN json_build_object('replay', v_replay, 'dedup', 'claimed',
      'kind', CASE WHEN v_scene.openid = p_openid THEN 'repeat' ELSE 'used' END, 'scene', row_to_json(v_scene));
  END IF;
  IF v_scene.expires_at <= p_now THEN
    IF NOT (v_scene.purpose || ':pending>expired') = ANY (p_moves) THEN
      RETURN json_build_object('replay', v_replay, 'dedup', 'claimed', 'kind', 'used', 'scene', row_to_json(v_scene));
    END IF;
    UPDATE scenes SET status = 'expired', updated_at = p_now WHERE id = p_scene_id AND status = 'pending'
      RETURNING * INTO v_moved;
    RETURN json_build_object('replay', v_replay, 'dedup', 'claimed', 'kind', 'expired', 'scene', row_to_json(v_scene), 'moved', row_to_json(v_moved));
  END IF;

  IF v_scene.purpose = 'login' THEN
    -- loginFromScan: a bound WeChat is login_ready at once only without phone confirmation.
    SELECT user_id INTO v_bound_user FROM wechat_bindings WHERE openid = p_openid;
    v_to := CASE WHEN v_bound_user IS NULL OR NOT p_login_ready_if_bound THEN 'confirming' ELSE 'login_ready' END;
    IF NOT ('login:pending>' || v_to) = ANY (p_moves) THEN
      RETURN json_build_object('replay', v_replay, 'dedup', 'claimed', 'kind', 'used', 'scene', row_to_json(v_scene));
    END IF;
    UPDATE scenes SET status = v_to, openid = p_openid, user_id = v_bound_user, updated_at = p_now
      WHERE id = p_scene_id AND status = 'pending' RETURNING * INTO v_moved;
    RETURN json_build_object('replay', v_replay, 'dedup', 'claimed', 'kind', 'moved', 'scene', row_to_json(v_scene), 'moved', row_to_json(v_moved));
  END IF;

  -- bindFromScan: the scene's account, gone since the QR was made, is an orphan (nothing changes).
  SELECT id, email INTO v_user_id, v_email FROM users WHERE id = v_scene.user_id;
  IF v_user_id IS NULL THEN
    RETURN json_build_object('replay', v_replay, 'dedup', 'claimed', 'kind', 'orphan', 'scene', row_to_json(v_scene));
  END IF;
  -- maskEmail (lib/log.ts): first character, ***, then from the @; test/integration/scan-call.test.ts compares.
  v_account := CASE
    WHEN v_email IS NULL THEN p_no_email_account
    WHEN strpos(v_email, '@') < 2 THEN '***'
    ELSE left(v_email, 1) || '***' || substr(v_email, strpos(v_email, '@'))
  END;
  -- bindWechat: the same pair again is 'same'; either side bound elsewhere is refused.
  SELECT user_id INTO v_bound_user FROM wechat_bindings WHERE openid = p_openid;
  IF v_bound_user IS NOT NULL THEN
    v_result := CASE WHEN v_bound_user = v_user_id THEN 'same' ELSE 'openid_taken' END;
  ELSIF NOT 'bind:pending>bound' = ANY (p_moves) THEN
    RETURN json_build_object('replay', v_replay, 'dedup', 'claimed', 'kind', 'used', 'scene', row_to_json(v_scene));
  ELSE
    INSERT INTO wechat_bindings (user_id, openid, bound_at, subscribed, subscribed_changed_at)
      VALUES (v_user_id, p_openid, p_now, true, NULL) ON CONFLICT DO NOTHING;
    IF FOUND THEN
      v_result := 'bound';
      INSERT INTO audit_log (at, action, user_id, openid, detail)
        VALUES (p_now, 'wechat.bound', v_user_id, p_openid, '{"via":"scan"}'::jsonb);
      -- enqueueEvent (lib/webhooks/enqueue-event.ts): the outbox row, one delivery per subscribed endpoint.
      INSERT INTO webhook_events (id, type, payload, created_at)
        VALUES (p_event_id, 'binding.created',
          replace(p_event_payload, '"userId":0,', '"userId":' || v_user_id || ','), p_now);
      INSERT INTO webhook_deliveries (event_id, endpoint_id, status, attempts, next_attempt_at, created_at)
        SELECT p_event_id, e.id, 'pending', 0, p_now, p_now FROM webhook_endpoints e
          WHERE e.events IS NULL OR jsonb_typeof(e.events) = 'null' OR e.events ? 'binding.created'
          ORDER BY e.created_at;
      GET DIAGNOSTICS v_deliveries = ROW_COUNT;
    ELSIF EXISTS (SELECT 1 FROM wechat_bindings WHERE openid = p_openid) THEN
      v_result := 'openid_taken';
    ELSE
      v_result := 'user_taken';
    END IF;
  END IF;

  IF v_result IN ('bound', 'same') THEN
    v_to := 'bound';
    v_detail := coalesce(v_scene.detail, '{}'::jsonb) || jsonb_build_object('account', v_account);
  ELSE
    v_to := 'conflict';
    v_detail := coalesce(v_scene.detail, '{}'::jsonb) || jsonb_build_object('reason', v_result);
  END IF;
  IF NOT ('bind:pending>' || v_to) = ANY (p_moves) THEN
    -- Only reached with nothing written ('bound' was checked before its insert).
    RETURN json_build_object('replay', v_replay, 'dedup', 'claimed', 'kind', 'used', 'scene', row_to_json(v_scene));
  END IF;
  UPDATE scenes SET status = v_to, openid = p_openid, detail = v_detail, updated_at = p_now
    WHERE id = p_scene_id AND status = 'pending' RETURNING * INTO v_moved;
  RETURN json_build_object('replay', v_replay, 'dedup', 'claimed',
    'kind', CASE WHEN v_result IN ('bound', 'same') THEN v_result ELSE 'refused' END,
    'scene', row_to_json(v_scene), 'moved', row_to_json(v_moved), 'userId', v_user_id, 'account', v_account, 'reason', v_result,
    'deliveries', v_deliveries);
END;
$$;

--> statement-breakpoint
CREATE OR REPLACE FUNCTION webind_verify_scan(
  p_now bigint,
  p_openid text,
  p_scene_id text,
  p_moves text[],
  p_owner_id integer,
  p_account text,
  p_check_limits boolean,
  p_openid_key text,
  p_openid_max integer,
  p_user_key text,
  p_user_max integer,
  p_window_ends bigint,
  p_code_hash text,
  p_code_expires bigint,
  p_lock_timeout_ms integer
) RETURNS json
LANGUAGE plpgsql
AS $$
DECLARE
  v_scene scenes%ROWTYPE;
  v_moved scenes%ROWTYPE;
  v_count integer;
  v_limited boolean := false;
BEGIN
  IF p_lock_timeout_ms IS NOT NULL THEN
    PERFORM set_config('lock_timeout', greatest(p_lock_timeout_ms, 1) || 'ms', true);
  END IF;

  -- lib/rate-limit.ts, twice (the account's only while the openid's allows): counted before the claim,
  -- and only for a bound WeChat scanning a scene that was pending and unexpired when read.
  IF p_owner_id IS NOT NULL AND p_check_limits THEN
    INSERT INTO rate_limits (key, count, window_ends_at) VALUES (p_openid_key, 1, p_window_ends)
      ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN rate_limits.window_ends_at <= p_now THEN 1 ELSE rate_limits.count + 1 END,
        window_ends_at = CASE WHEN rate_limits.window_ends_at <= p_now THEN p_window_ends ELSE rate_limits.window_ends_at END
      RETURNING count INTO v_count;
    IF v_count > p_openid_max THEN
      v_limited := true;
    ELSE
      INSERT INTO rate_limits (key, count, window_ends_at) VALUES (p_user_key, 1, p_window_ends)
        ON CONFLICT (key) DO UPDATE SET
          count = CASE WHEN rate_limits.window_ends_at <= p_now THEN 1 ELSE rate_limits.count + 1 END,
          window_ends_at = CASE WHEN rate_limits.window_ends_at <= p_now THEN p_window_ends ELSE rate_limits.window_ends_at END
        RETURNING count INTO v_count;
      v_limited := v_count > p_user_max;
    END IF;
  END IF;

  -- claimPendingScene (lib/scene/claim.ts).
  SELECT * INTO v_scene FROM scenes WHERE id = p_scene_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN json_build_object('kind', 'used');
  END IF;
  IF v_scene.status <> 'pending' THEN
    RETURN json_build_object('kind', CASE WHEN v_scene.openid = p_openid THEN 'repeat' ELSE 'used' END,
      'scene', row_to_json(v_scene));
  END IF;
  IF v_scene.expires_at <= p_now THEN
    IF NOT 'verify:pending>expired' = ANY (p_moves) THEN
      RETURN json_build_object('kind', 'used', 'scene', row_to_json(v_scene));
    END IF;
    UPDATE scenes SET status = 'expired', updated_at = p_now WHERE id = p_scene_id AND status = 'pending'
      RETURNING * INTO v_moved;
    RETURN json_build_object('kind', 'expired', 'scene', row_to_json(v_scene), 'moved', row_to_json(v_moved));
  END IF;

  IF p_owner_id IS NULL THEN
    IF NOT 'verify:pending>needs_binding' = ANY (p_moves) THEN
      RETURN json_build_object('kind', 'used', 'scene', row_to_json(v_scene));
    END IF;
    UPDATE scenes SET status = 'needs_binding', openid = p_openid, updated_at = p_now
      WHERE id = p_scene_id AND status = 'pending' RETURNING * INTO v_moved;
    RETURN json_build_object('kind', 'not_bound', 'scene', row_to_json(v_scene), 'moved', row_to_json(v_moved));
  END IF;
  IF v_limited THEN
    RETURN json_build_object('kind', 'limited', 'scene', row_to_json(v_scene));
  END IF;
  IF NOT 'verify:pending>code_sent' = ANY (p_moves) THEN
    RETURN json_build_object('kind', 'used', 'scene', row_to_json(v_scene));
  END IF;
  UPDATE scenes SET status = 'code_sent', openid = p_openid, user_id = p_owner_id,
      detail = coalesce(v_scene.detail, '{}'::jsonb) || jsonb_build_object('account', p_account), updated_at = p_now
    WHERE id = p_scene_id AND status = 'pending' RETURNING * INTO v_moved;
  -- issueVerificationCode (lib/verify/issue-code.ts).
  UPDATE verification_codes SET used_at = p_now WHERE user_id = p_owner_id AND used_at IS NULL;
  INSERT INTO verification_codes (user_id, code_hash, attempts, created_at, expires_at, used_at)
    VALUES (p_owner_id, p_code_hash, 0, p_now, p_code_expires, NULL);
  RETURN json_build_object('kind', 'issued', 'scene', row_to_json(v_scene), 'moved', row_to_json(v_moved));
END;
$$;
