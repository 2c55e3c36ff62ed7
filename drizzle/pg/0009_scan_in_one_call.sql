-- One WeChat scan push in one round trip (issue 20), PostgreSQL only: lib/db/scan-call.ts calls it through a
-- named prepared statement. It does, in one transaction and in this order, what the webhook and the scan
-- handlers do one statement at a time on SQLite:
--   the signed query's replay record (lib/wechat ReplayStore.remember), the push's dedup claim
--   (DedupStore.claim), the scan's customer-service window (lib/delivery/windows.ts), the scene read with
--   its row lock (lib/scene/claim.ts), and for WeBind's own bind and login scenes the handler's decision:
--   bindFromScan (lib/binding/bind-from-scan.ts + bind-wechat.ts) and loginFromScan (lib/auth/login-scan.ts).
-- Any other scene comes back 'undecided' (its handler runs as usual). The moves it makes are checked
-- against p_moves, the table lib/scene/transitions.ts (SCENE_TRANSITIONS) flattened to 'purpose:from>to':
-- a move not in it is refused as the TypeScript compare-and-set refuses it (the scan is 'used').
-- Returns a JSON object: replay, dedup, reply (a stored reply when dedup is 'done'), kind, scene (as read),
-- moved (the scene after its move), and for a bind userId, account, reason and the deliveries it queued. lib/db/scan-call.ts reads it.
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
    RETURN json_build_object('replay', v_replay, 'dedup', 'claimed', 'kind', 'undecided', 'scene', row_to_json(v_scene));
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
